evaluate(new File(itSources, 'lib/tools.groovy'))
copyExample(new File(examplesDir, 'multi-stage'), new File(basedir, 'multi-stage'), pluginVersion)
assert busyboxLayout(new File(basedir, 'base'), 'busybox')
return true
