def log = new File(basedir, 'build.log').text
assert log.contains('Skipping Strata (strata.skip)') : 'build.log: see skip-property/build.log'
assert !log.contains('Built image') : 'build.log: see skip-property/build.log'
assert !new File(basedir, 'target/strata').exists() : 'a skipped build wrote to its store'
return true
