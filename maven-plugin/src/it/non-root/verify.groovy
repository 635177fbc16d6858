// Builds a copy of this project as uid 1000 (setpriv, no groups) with the user's own HOME, Maven,
// local repository and store, offline, and compares the image with the root build's.
evaluate(new File(itSources, 'lib/tools.groovy'))
def setpriv = tool('setpriv')
def rootDigest = new File(basedir, 'target/strata-image.digest').text
def user = new File(basedir, 'user')
def project = new File(user, 'project')
project.mkdirs()
['pom.xml', 'Dockerfile', 'hello.txt', 'base'].each { run(['cp', '-a', new File(basedir, it), project]) }
run(['cp', '-a', System.getProperty('maven.home'), new File(user, 'maven')])
run(['cp', '-a', itLocalRepository, new File(user, 'repo')])
// ~/.m2 read in place as a tail, through hard links (dirs made readable: the copies are new)
def tail = new File(user, 'tail')
run(['cp', '-rl', localRepository, tail])
run(['find', tail, '-type', 'd', '-exec', 'chmod', '755', '{}', '+'])
run(['chown', '-R', '1000:1000', project, new File(user, 'maven'), new File(user, 'repo')])
run(['chmod', '755', user])

def log = new File(basedir, 'user-build.log')
def pb = new ProcessBuilder(setpriv, '--reuid=1000', '--regid=1000', '--clear-groups',
        new File(user, 'maven/bin/mvn').path, '-B', '-o', "-Dmaven.repo.local=${new File(user, 'repo')}",
        "-Dmaven.repo.local.tail=$tail", 'package')
        .directory(project).redirectErrorStream(true).redirectOutput(log)
pb.environment().put('HOME', project.path)
pb.environment().remove('MAVEN_OPTS')
pb.environment().remove('STRATA_ROOT')
def p = pb.start()
assert p.waitFor() == 0 : "the uid 1000 build failed: see non-root/user-build.log\n${log.text.readLines().takeRight(30).join('\n')}"

def userDigest = new File(project, 'target/strata-image.digest').text
assert userDigest == rootDigest : 'the uid 1000 build gave another image than root\'s'
def store = new File(project, 'target/strata/index.json')
assert ['stat', '-c', '%u', store].execute().text.trim() == '1000' : 'the store is not the user\'s'
def config = json(run([tool('skopeo'), 'inspect', '--config', "oci:${new File(project, 'target/strata')}:non-root:1.0"]))
assert config.config.Env.contains('GREETING=hello')
return true
