evaluate(new File(itSources, 'lib/tools.groovy'))
copyExample(new File(examplesDir, 'java-app'), new File(basedir, 'java-app'), pluginVersion)
assert busyboxLayout(new File(basedir, 'base'), 'busybox')
return true
