evaluate(new File(itSources, 'lib/tools.groovy'))
def dir = new File(basedir, 'registry')
try {
    def registry = (new File(basedir, '.mvn/maven.config').text =~ /-Dit\.registry=(\S+)/)[0][1]
    def log = new File(basedir, 'build.log').text
    // the only credential is settings.xml's <server>: no Docker config.json is set up
    assert log.contains("Pushed $registry/it/push:2.0") : 'build.log: see push-registry/build.log'
    assert !log.contains('s3cret-push') : 'the password reached the log'
    assert log.contains("[INFO] Credentials for $registry: settings.xml <server> \"$registry\" (user strata)")
    def image = json(new File(basedir, 'target/strata-image.json').text)
    assert image.image == "$registry/it/push:2.0"
    assert image.tags == ['2.0']
    assert image.imagePushed == true
    def remote = json(run([tool('skopeo'), 'inspect', '--tls-verify=false', '--creds', 'strata:s3cret-push',
                           "docker://$registry/it/push:2.0"]))
    def local = json(run([tool('skopeo'), 'inspect', "oci:${new File(basedir, 'target/strata')}:$registry/it/push:2.0"]))
    assert remote.Digest == local.Digest
    assert image.imageDigest == remote.Digest
    assert remote.Labels.purpose == 'push'
} finally {
    run(['kill', new File(dir, 'pid').text.trim()])
}
return true
