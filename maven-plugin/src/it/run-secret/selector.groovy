evaluate(new File(itSources, 'lib/tools.groovy'))
return ['umoci', 'busybox', 'skopeo', 'runc'].every { tool(it) != null }
