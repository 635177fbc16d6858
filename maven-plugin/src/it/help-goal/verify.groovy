def log = new File(basedir, 'build.log').text
assert log.contains('strata:build') : 'build.log: see help-goal/build.log'
assert log.contains('User property: strata.tags') : 'build.log: see help-goal/build.log'
assert log.contains('buildArgs') : 'build.log: see help-goal/build.log'
return true
