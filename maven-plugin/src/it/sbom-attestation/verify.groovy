evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Attaching the CycloneDX SBOM of 3 runtime dependencies to the image (<sbom>)')

def layout = new File(basedir, 'target/layout')
layout.mkdirs()
run(['tar', '-xf', new File(basedir, 'target/image.tar'), '-C', layout])
def blob = { String digest -> json(new File(layout, 'blobs/sha256/' + digest.substring('sha256:'.length())).text) }

// index.json -> the image index: the image manifest, then its attestation manifest (BuildKit's layout)
def top = json(new File(layout, 'index.json').text).manifests[0]
assert top.mediaType == 'application/vnd.oci.image.index.v1+json' : top
def index = blob(top.digest)
assert index.manifests.size() == 2 : index
def image = index.manifests[0]
def attestation = index.manifests[1]
assert image.platform.os == 'linux'
assert attestation.platform.os == 'unknown' && attestation.platform.architecture == 'unknown'
assert attestation.annotations['vnd.docker.reference.type'] == 'attestation-manifest'
assert attestation.annotations['vnd.docker.reference.digest'] == image.digest
// skopeo reads the image the index names (the manifest of this platform)
def inspected = json(run([tool('skopeo'), 'inspect', "oci:$layout:1"]))
assert inspected.Layers.size() == 2 : inspected.Layers

def layers = blob(attestation.digest).layers
def cdx = layers.find { it.annotations['in-toto.io/predicate-type'] == 'https://cyclonedx.org/bom' }
assert cdx != null && cdx.mediaType == 'application/vnd.in-toto+json' : layers
def statement = blob(cdx.digest)
assert statement._type == 'https://in-toto.io/Statement/v0.1'
assert statement.predicateType == 'https://cyclonedx.org/bom'
assert statement.subject.size() == 1
assert statement.subject[0].name == 'pkg:docker/it/sbom@1?platform=linux%2Famd64'
assert 'sha256:' + statement.subject[0].digest.sha256 == image.digest : 'the subject is not the exported image manifest'
def bom = statement.predicate
assert bom.bomFormat == 'CycloneDX' && bom.specVersion == '1.5'
assert bom.metadata.component.purl == 'pkg:maven/dev.strata.it/sbom-attestation@1.0?type=jar'
assert bom.components*.purl.sort() == ['pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.22?type=jar',
        'pkg:maven/com.fasterxml.jackson.core/jackson-core@2.22.4?type=jar',
        'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4?type=jar'] : bom.components*.purl
assert bom.components.every { it.hashes[0].alg == 'SHA-256' && it.hashes[0].content ==~ /[0-9a-f]{64}/ }
// the very SBOM strata:context wrote next to it
assert bom == json(new File(basedir, 'target/strata-sbom.cdx.json').text)

// -Dstrata.sbom=false: no attestation, the export names a plain image manifest
def off = new File(basedir, 'target/off')
off.mkdirs()
run(['tar', '-xf', new File(basedir, 'target/off.tar'), '-C', off])
def offTop = json(new File(off, 'index.json').text).manifests[0]
assert offTop.mediaType == 'application/vnd.oci.image.manifest.v1+json' : offTop
assert offTop.digest == image.digest : 'the same image, without the attestation'
return true
