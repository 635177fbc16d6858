def log = new File(basedir, 'build.log').text
def expected = new File(basedir, 'src/main/docker/Dockerfile').canonicalPath
def error = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert error != null : 'no goal failure in build.log'
assert error.contains(": <dockerfile> $expected does not exist") : error
assert !log.contains('\tat ') : 'a stack trace for a missing Dockerfile'
return true
