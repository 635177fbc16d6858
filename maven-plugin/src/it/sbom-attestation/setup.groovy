evaluate(new File(itSources, 'lib/tools.groovy'))
assert busyboxLayout(new File(basedir, 'base'), 'busybox')
return true
