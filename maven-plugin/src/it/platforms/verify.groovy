evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Built image sha256:') : 'build.log: see platforms/build.log'
def skopeo = tool('skopeo')
if (skopeo == null) return true
def store = new File(basedir, 'target/strata')
def index = json(run([skopeo, 'inspect', '--raw', "oci:$store:platforms:1.0"]))
assert index.mediaType == 'application/vnd.oci.image.index.v1+json' : index
assert index.manifests*.platform*.architecture.sort() == ['amd64', 'arm64'] : index.manifests
['amd64', 'arm64'].each { arch ->
    def config = json(run([skopeo, 'inspect', '--config', '--override-arch', arch, "oci:$store:platforms:1.0"]))
    assert config.architecture == arch
    assert config.config.Labels.arch == arch
}
return true
