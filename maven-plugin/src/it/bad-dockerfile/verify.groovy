def log = new File(basedir, 'build.log').text
def error = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert error != null : 'no goal failure in build.log'
assert error.endsWith(': Dockerfile:3: unknown instruction "RUNN" (did you mean RUN?) -> [Help 1]') : error
assert !log.contains('\tat ') : 'a stack trace for a Dockerfile mistake'
assert !log.contains('Built image') : 'build.log: see bad-dockerfile/build.log'
return true
