// Shared by the verify/setup scripts: evaluate(new File(itSources, 'lib/tools.groovy')) defines
// tool(name), run(cmd), json(text) and busyboxLayout(dir, tag) in the caller's binding.
// A missing tool skips the checks locally with a loud message and fails them in CI (CI=true),
// like dev.strata.builder.testing.Tools.

tool = { String name ->
    def found = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
            .collect { new File(it, name) }.find { it.isFile() && it.canExecute() }
    if (found == null) {
        def message = "required tool '$name' is not installed (apt-get install it; .ci/run does)"
        if (System.getenv('CI') == 'true') throw new AssertionError(message)
        println "!!! SKIPPED: $message"
    }
    found?.path
}

run = { List cmd ->
    def p = cmd*.toString().execute()
    def out = new StringBuilder(); def err = new StringBuilder()
    p.waitForProcessOutput(out, err)
    assert p.exitValue() == 0 : "${cmd.join(' ')} failed: $err"
    out.toString()
}

json = { String text -> new groovy.json.JsonSlurper().parseText(text) }

// A busybox-static image in the OCI layout `dir` under `tag`, made with umoci (never pulled):
// the same image as dev.strata.builder.testing.BusyboxLayout.
busyboxLayout = { File dir, String tag ->
    def umoci = tool('umoci'); def busybox = tool('busybox')
    if (umoci == null || busybox == null) return false
    def work = File.createTempDir('busybox-bundle')
    try {
        if (!new File(dir, 'oci-layout').exists()) run([umoci, 'init', '--layout', dir])
        def image = "$dir:$tag"
        run([umoci, 'new', '--image', image])
        def bundle = new File(work, 'bundle')
        run([umoci, 'unpack', '--image', image, bundle])
        def rootfs = new File(bundle, 'rootfs')
        ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'home/app', 'tmp', 'proc', 'sys', 'dev', 'var']
                .each { new File(rootfs, it).mkdirs() }
        run(['chmod', '1777', new File(rootfs, 'tmp')])
        run(['chown', '1000:1000', new File(rootfs, 'home/app')])
        run(['cp', busybox, new File(rootfs, 'bin/busybox')])
        run(['chmod', '0755', new File(rootfs, 'bin/busybox')])
        run(['chroot', rootfs, '/bin/busybox', '--install', '-s'])
        new File(rootfs, 'etc/passwd').text = 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'
        new File(rootfs, 'etc/group').text = 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n'
        run([umoci, 'repack', '--image', image, bundle])
        run([umoci, 'config', '--image', image,
             '--config.env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
             '--config.cmd', '/bin/sh', '--architecture', 'amd64', '--os', 'linux'])
        run([umoci, 'gc', '--layout', dir])
        return true
    } finally {
        work.deleteDir()
    }
}

// Copies an example project (without its target/) into `dest`, checking that it asks for the
// plugin version under test, so the examples never silently drift from the plugin.
copyExample = { File source, File dest, String pluginVersion ->
    def pom = new File(source, 'pom.xml').text
    def declared = (pom =~ /(?s)<artifactId>strata-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)
    assert declared.find() : "$source/pom.xml does not declare strata-maven-plugin with a <version>"
    assert declared.group(1) == pluginVersion :
            "$source/pom.xml uses strata-maven-plugin ${declared.group(1)}, this build is $pluginVersion: update the example"
    run(['cp', '-a', source, dest])
    new File(dest, 'target').deleteDir()
}
