evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('token read') : 'the RUN step output is not in the Maven log'
assert !log.contains('tok-7f3a9c1e5b') : 'the secret reached the log'
// <progress>plain</progress>: the base layer the RUN needs is unpacked, and the log says so at info
def baseLayer = json(run([tool('skopeo'), 'inspect', "oci:${new File(basedir, 'base')}:busybox"])).Layers[0]
assert log =~ /\[INFO\] #\d+ extracting ${java.util.regex.Pattern.quote(baseLayer)} [0-9.]+ MiB done/ : 'no extraction line at info'
def store = new File(basedir, 'target/strata')
def bundle = new File(basedir, 'target/bundle')
run([tool('umoci'), 'unpack', '--image', "$store:it/run-secret:1", bundle])
assert new File(bundle, 'rootfs/token-length').text.trim() == '14'
assert !new File(bundle, 'rootfs/run/secrets/token').exists() : 'the secret file is in the image'
// no blob of the store holds the secret (layers are gzip: check them uncompressed)
new File(store, 'blobs/sha256').eachFile { blob ->
    def bytes = blob.bytes
    def text = (bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b)
            ? new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).text : new String(bytes, 'ISO-8859-1')
    assert !text.contains('tok-7f3a9c1e5b') : "the secret is in blob ${blob.name}"
}
return true
