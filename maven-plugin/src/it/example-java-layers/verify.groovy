import java.security.MessageDigest
evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Built image sha256:') : 'build.log: see example-java-layers/build.log'
assert !log.contains(' extracting sha256:') : 'a COPY-only build never unpacks its base'
assert log.contains('[INFO] Laid out target/strata-context: 3 dependencies in libs/, 1 in snapshot-libs/, 1 files in resources/, 1 in classes/')
def skopeo = tool('skopeo'); def umoci = tool('umoci')
def app = new File(basedir, 'java-layers/app')
def store = new File(app, 'target/strata')
def one = json(run([skopeo, 'inspect', "oci:$store:java-layers:1.0.0-SNAPSHOT"]))
def two = json(run([skopeo, 'inspect', "oci:$store:java-layers:two"]))
def base = json(run([skopeo, 'inspect', "oci:${new File(basedir, 'base')}:busybox"]))
// busybox, then libs, snapshot-libs, resources, classes: a changed resource changes only its layer
assert one.Layers.size() == 5 && one.Layers[0] == base.Layers[0] : one.Layers
assert two.Layers[1] == one.Layers[1] && two.Layers[2] == one.Layers[2] && two.Layers[4] == one.Layers[4]
assert two.Layers[3] != one.Layers[3]
def config = json(run([skopeo, 'inspect', '--config', "oci:$store:java-layers:1.0.0-SNAPSHOT"]))
assert config.config.Entrypoint == ['java', '-cp', '/app/resources:/app/classes:/app/libs/*', 'dev.strata.examples.layers.Main']

def bundle = new File(basedir, 'target/bundle')
run([umoci, 'unpack', '--image', "$store:java-layers:1.0.0-SNAPSHOT", bundle])
def root = new File(bundle, 'rootfs/app')
assert new File(root, 'libs').list().sort() == ['greeting-1.0.0-SNAPSHOT.jar', 'jackson-annotations-2.22.jar',
        'jackson-core-2.22.4.jar', 'jackson-databind-2.22.4.jar'] : new File(root, 'libs').list()
assert new File(root, 'resources/app.properties').text == 'name=layers\n'
assert new File(root, 'classes/dev/strata/examples/layers/Main.class').bytes ==
        new File(app, 'target/classes/dev/strata/examples/layers/Main.class').bytes
assert new File(root, 'libs/greeting-1.0.0-SNAPSHOT.jar').bytes == new File(basedir, 'java-layers/greeting/target/greeting-1.0.0-SNAPSHOT.jar').bytes

// the SBOM: the runtime dependencies Maven resolved, hashed as laid out, with who brought whom
def sbom = json(new File(app, 'target/strata-sbom.cdx.json').text)
assert sbom.bomFormat == 'CycloneDX' && sbom.specVersion == '1.5'
assert sbom.metadata.timestamp == '2025-01-01T00:00:00Z'
assert sbom.metadata.component.purl == 'pkg:maven/dev.strata.examples/app@1.0.0-SNAPSHOT?type=jar'
assert sbom.components*.name.sort() == ['greeting', 'jackson-annotations', 'jackson-core', 'jackson-databind']
def databind = sbom.components.find { it.name == 'jackson-databind' }
assert databind.purl == 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4?type=jar'
def sha = MessageDigest.getInstance('SHA-256').digest(new File(root, 'libs/jackson-databind-2.22.4.jar').bytes).encodeHex().toString()
assert databind.hashes[0].content == sha
def graph = sbom.dependencies.collectEntries { [(it.ref): it.dependsOn] }
assert graph[sbom.metadata.component.purl].sort() == [databind.purl, 'pkg:maven/dev.strata.examples/greeting@1.0.0-SNAPSHOT?type=jar']
assert graph[databind.purl].contains('pkg:maven/com.fasterxml.jackson.core/jackson-core@2.22.4?type=jar')
return true
