def log = new File(basedir, 'build.log').text
assert log.contains('Skipping Strata (strata.skip)')
assert !log.contains('Built image')
assert !new File(basedir, 'target/strata').exists() : 'a skipped build wrote to its store'
return true
