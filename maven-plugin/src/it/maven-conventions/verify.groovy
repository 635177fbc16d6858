evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def errors = lines.findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert errors.size() == 5 : "expected five goal failures, got $errors"

// 1
assert lines.contains('[INFO] Maven is offline (mvn -o): base images come from the local store only; nothing is pulled or pushed')
assert lines.contains('[WARNING] Unknown property strata.tag is ignored (did you mean strata.tags?)')
assert lines.contains('[INFO] No <tags>: tagging the image maven-conventions:2.0-SNAPSHOT')
assert lines.any { it.startsWith('[WARNING] Dockerfile:2: copies a jar while project.build.outputTimestamp is unset') }
// 2
assert errors[0].contains('127.0.0.1:1/missing/base:1') && errors[0].contains('Maven is offline (mvn -o): run once without -o to pull it') : errors[0]
// 3
assert errors[1] =~ /Dockerfile\.target:2: .*"target\/app\.jar".*\(target\/ is written by Maven: run `mvn package` first\) -> \[Help 1\]$/ : errors[1]
// 4
assert errors[2].contains('strata:push cannot push while Maven is offline (mvn -o): run it without -o') : errors[2]
// 5
assert errors[3].contains('settings.xml <server> "registry.example.com:5000": its credentials would be sent over plain HTTP') : errors[3]
// 6
assert errors[4].contains('Dockerfile.add:2: ADD http://127.0.0.1:1/notes.txt: offline: downloading it would need the network'
        + ' (Maven is offline (mvn -o): run once without -o)') : errors[4]
assert !log.contains('not-a-real-password')
assert !log.contains('\tat ') : 'a stack trace for a user mistake'

def skopeo = tool('skopeo')
if (skopeo == null) return true
def store = new File(basedir, 'target/strata').path
def tagged = json(run([skopeo, 'inspect', "oci:$store:maven-conventions:2.0-SNAPSHOT"]))
assert new File(basedir, 'target/strata-image.digest').text == tagged.Digest
return true
