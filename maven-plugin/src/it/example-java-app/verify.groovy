evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Built image sha256:') : 'build.log: see example-java-app/build.log'
def skopeo = tool('skopeo'); def umoci = tool('umoci')
def store = new File(basedir, 'java-app/target/strata')
def image = "oci:$store:java-app:1.0.0"
def config = json(run([skopeo, 'inspect', '--config', image]))
assert config.config.Entrypoint == ['java', '-jar', '/app/app.jar']
assert config.config.WorkingDir == '/app'
assert config.config.User == '1000:1000'
assert config.config.Env.contains('APP_VERSION=1.0.0')
assert config.created == '2025-01-01T00:00:00Z'
// The base is the busybox layout named by the build context, not a pulled eclipse-temurin.
def base = json(run([skopeo, 'inspect', "oci:${new File(basedir, 'base')}:busybox"]))
def app = json(run([skopeo, 'inspect', image]))
assert app.Layers[0] == base.Layers[0]
// The jar in the image is the one mvn package built.
def bundle = new File(basedir, 'target/bundle')
run([umoci, 'unpack', '--image', "$store:java-app:1.0.0", bundle])
assert new File(bundle, 'rootfs/app/app.jar').bytes == new File(basedir, 'java-app/target/java-app.jar').bytes
assert new File(bundle, 'rootfs/bin/busybox').exists()
return true
