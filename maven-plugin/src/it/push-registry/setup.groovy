// A real docker-registry with htpasswd auth on a free port, stopped by verify.groovy (and by
// `timeout` in any case, should the build die first); its credential is the settings.xml <server>.
evaluate(new File(itSources, 'lib/tools.groovy'))
def port = new ServerSocket(0).withCloseable { it.localPort }
def dir = new File(basedir, 'registry'); dir.mkdirs()
new File(dir, 'htpasswd').text = run([tool('htpasswd'), '-Bbn', 'strata', 's3cret-push'])
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
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dit.registry=127.0.0.1:$port\n"
return true
