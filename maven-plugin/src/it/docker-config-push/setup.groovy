// A real docker-registry with htpasswd auth on a free port, stopped by verify.groovy (and by
// `timeout` in any case); its credentials are in a Docker config.json (DOCKER_CONFIG, see
// invoker.properties) under two names: 127.0.0.1:PORT (loopback) and 0.0.0.0:PORT, which
// reaches the same registry but is, by its name, another host.
evaluate(new File(itSources, 'lib/tools.groovy'))
def port = new ServerSocket(0).withCloseable { it.localPort }
def dir = new File(basedir, 'registry'); dir.mkdirs()
new File(dir, 'htpasswd').text = run([tool('htpasswd'), '-Bbn', 'docker', 's3cret-docker'])
new File(dir, 'config.yml').text = """\
version: 0.1
storage:
  filesystem:
    rootdirectory: ${new File(dir, 'data')}
http:
  addr: 127.0.0.1:${port}
auth:
  htpasswd:
    realm: strata-it
    path: ${new File(dir, 'htpasswd')}
"""
def process = new ProcessBuilder(tool('timeout'), '300', tool('docker-registry'), 'serve', new File(dir, 'config.yml').path)
        .redirectErrorStream(true).redirectOutput(new File(dir, 'registry.log')).start()
new File(dir, 'pid').text = process.pid().toString()
def deadline = System.currentTimeMillis() + 20_000
while (true) {
    try {
        def c = new URL("http://127.0.0.1:$port/v2/").openConnection()
        c.connectTimeout = 500
        if (c.responseCode == 401) break
    } catch (IOException ignored) {
        // not listening yet
    }
    assert System.currentTimeMillis() < deadline : "docker-registry did not start: ${new File(dir, 'registry.log').text}"
    Thread.sleep(100)
}
def auth = Base64.encoder.encodeToString('docker:s3cret-docker'.bytes)
new File(basedir, 'docker-config').mkdirs()
new File(basedir, 'docker-config/config.json').text =
        """{"auths": {"127.0.0.1:$port": {"auth": "$auth"}, "0.0.0.0:$port": {"auth": "$auth"}}}"""
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dit.dockerRegistry=127.0.0.1:$port\n-Dit.remoteRegistry=0.0.0.0:$port\n"
return true
