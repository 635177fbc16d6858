def log = new File(basedir, 'build.log').text
def errors = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert errors.size() == 2 : "expected two goal failures, got $errors"
assert errors[0].endsWith(': Dockerfile:3: unknown instruction "RUNN" (did you mean RUN?) -> [Help 1]') : errors[0]
assert errors[1] =~ /: Dockerfile\.copy:3: .*missing\.txt.* -> \[Help 1\]$/ : errors[1]
assert !log.contains('\tat ') : 'a stack trace for a Dockerfile mistake'
assert !log.contains('Built image') : 'build.log: see bad-dockerfile/build.log'
return true
