evaluate(new File(itSources, 'lib/tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('Built image sha256:') : 'build.log: see example-multi-stage/build.log'
def skopeo = tool('skopeo'); def umoci = tool('umoci')
def store = new File(basedir, 'multi-stage/target/strata')
def image = "oci:$store:multi-stage-site:1.0.0"
def manifest = json(run([skopeo, 'inspect', image]))
assert manifest.Layers.size() == 1 : "the runtime stage should be one layer: ${manifest.Layers}"
def config = json(run([skopeo, 'inspect', '--config', image]))
assert config.config.Entrypoint == ['/bin/busybox', 'httpd', '-f', '-v', '-p', '8080', '-h', '/www']
assert config.config.ExposedPorts.containsKey('8080/tcp')
def bundle = new File(basedir, 'target/bundle')
run([umoci, 'unpack', '--image', "$store:multi-stage-site:1.0.0", bundle])
def rootfs = new File(bundle, 'rootfs')
assert new File(rootfs, 'www/index.html').text.contains('version 1.0.0.')
assert new File(rootfs, 'bin/busybox').canExecute()
assert !new File(rootfs, 'src').exists() : 'the build stage sources leaked into the runtime image'
assert rootfs.list().toList().sort() == ['bin', 'www'] : rootfs.list().toList()
return true
