evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert !log.contains('is not marked as @threadSafe') : 'Maven warned about a goal that is not thread-safe'
['app-one', 'app-two'].each { assert log.contains("as it/$it:1") : "no image built for $it" }
def skopeo = tool('skopeo')
if (skopeo == null) return true
def store = new File(basedir, 'target/strata')
def one = json(run([skopeo, 'inspect', "oci:$store:it/app-one:1"]))
def two = json(run([skopeo, 'inspect', "oci:$store:it/app-two:1"]))
assert one.Digest != two.Digest
assert one.Layers.size() == 1 && two.Layers.size() == 1
return true
