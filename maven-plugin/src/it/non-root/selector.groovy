evaluate(new File(itSources, 'lib/tools.groovy'))
if (['id', '-u'].execute().text.trim() != '0') {
    println '!!! SKIPPED non-root: switching to a test user (setpriv) needs this build to run as root'
    return false
}
return ['umoci', 'busybox', 'skopeo', 'setpriv'].every { tool(it) != null }
