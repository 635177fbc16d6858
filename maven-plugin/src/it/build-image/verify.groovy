// The image exists in the store under every tag, with the build arg, label and epoch from the POM;
// the second run's -Dstrata.* properties won over the POM.
evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Built image sha256:') : 'build.log: see build-image/build.log'
assert log =~ /#\d+ \[\d+\/\d+\] COPY hello.txt \/hello.txt/ : 'build.log: see build-image/build.log'

// builder warnings reach Maven's log as warnings; the second run's -Dstrata.buildArgs replaced
// the POM's map, so only the first run warns
def unused = log.readLines().findAll { it == '[WARNING] One or more build-args [UNUSED] were not consumed' }
assert unused.size() == 1 : "expected one unused-build-arg warning, got ${unused.size()}"

def archive = new File(basedir, 'target/image.tar')
assert archive.isFile() && archive.length() > 0 : 'the <outputs> oci archive was not written'

def skopeo = tool('skopeo')
if (skopeo == null) return true
def store = new File(basedir, 'target/strata').path
def config = json(run([skopeo, 'inspect', '--config', "oci:$store:it/build-image:1.2.3"]))
assert config.config.Env.contains('APP_VERSION=1.2.3')
assert config.config.Labels['org.opencontainers.image.title'] == 'build-image'
assert config.created == '2024-02-03T04:05:06Z'
def tagged = json(run([skopeo, 'inspect', "oci:$store:it/build-image:1.2.3"]))
def latest = json(run([skopeo, 'inspect', "oci:$store:it/build-image:latest"]))
assert tagged.Digest == latest.Digest
// Named as BuildKit's oci exporter names them: ref.name is the tag alone.
def fromArchive = json(run([skopeo, 'inspect', "oci-archive:$archive:1.2.3"]))
assert fromArchive.Digest == tagged.Digest

// jib-image.* style files of the last run (the override tag), and the property for later plugins
def digestFile = new File(basedir, 'target/strata-image.digest').text
def idFile = new File(basedir, 'target/strata-image.id').text
def image = json(new File(basedir, 'target/strata-image.json').text)
def overridden = json(run([skopeo, 'inspect', "oci:$store:it/build-image:override"]))
assert digestFile == overridden.Digest
assert new File(basedir, 'target/digest-property.txt').text == overridden.Digest
assert idFile == json(run([skopeo, 'inspect', '--raw', "oci:$store:it/build-image:override"])).config.digest
assert image == [image: 'it/build-image:override', imageId: idFile, imageDigest: digestFile, tags: ['override'], imagePushed: false]

def override = json(run([skopeo, 'inspect', '--config', "oci:$store:it/build-image:override"]))
assert override.config.Env.contains('APP_VERSION=from-cli')
return true
