evaluate(new File(itSources, 'lib/tools.groovy'))
new File(basedir, 'secret').mkdirs()
new File(basedir, 'secret/token.txt').text = 'tok-7f3a9c1e5b'
assert busyboxLayout(new File(basedir, 'base'), 'busybox')
return true
