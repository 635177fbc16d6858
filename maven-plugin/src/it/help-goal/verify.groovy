def log = new File(basedir, 'build.log').text
assert log.contains('strata:build')
assert log.contains('User property: strata.tags')
assert log.contains('buildArgs')
return true
