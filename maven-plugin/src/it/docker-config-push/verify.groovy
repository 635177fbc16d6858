evaluate(new File(itSources, 'lib/tools.groovy'))
def dir = new File(basedir, 'registry')
try {
    def config = new File(basedir, '.mvn/maven.config').text
    def registry = (config =~ /-Dit\.dockerRegistry=(\S+)/)[0][1]
    def remote = (config =~ /-Dit\.remoteRegistry=(\S+)/)[0][1]
    def log = new File(basedir, 'build.log').text
    def lines = log.readLines()
    assert !log.contains('s3cret-docker') && !log.contains(Base64.encoder.encodeToString('docker:s3cret-docker'.bytes)) :
            'a secret reached the log'
    // 1
    assert lines.contains("[INFO] Credentials for $registry: Docker config docker-config/config.json (auths)".toString())
    assert log.contains("Pushed $registry/it/docker-config:1.0")
    assert lines.any { it ==~ /\[INFO\] #\d+ \d+\.\d MiB \/ \d+\.\d MiB \(100%\)/ } : 'push progress at info (progress=plain)'
    // 2
    def errors = lines.findAll { it.startsWith('[ERROR] Failed to execute goal') }
    assert errors.size() == 1 : errors
    assert errors[0].contains('credentials are not sent over plain HTTP to a registry that is not on this machine') : errors[0]
    assert errors[0].contains('<allowInsecureCredentials>true</allowInsecureCredentials>') : errors[0]
    // 3
    assert lines.contains("[INFO] Credentials for $remote: Docker config docker-config/config.json (auths)".toString())
    assert log.contains("Pushed $remote/it/docker-config:1.0")
    def remoteImage = json(run([tool('skopeo'), 'inspect', '--tls-verify=false', '--creds', 'docker:s3cret-docker',
                                "docker://$registry/it/docker-config:1.0"]))
    assert remoteImage.Digest == new File(basedir, 'target/strata-image.digest').text
} finally {
    run(['kill', new File(dir, 'pid').text.trim()])
}
return true
