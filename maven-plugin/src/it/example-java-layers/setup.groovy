evaluate(new File(itSources, 'lib/tools.groovy'))
def source = new File(examplesDir, 'java-layers')
def declared = (new File(source, 'app/pom.xml').text =~ /(?s)<artifactId>strata-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)
assert declared.find() && declared.group(1) == pluginVersion :
        "examples/java-layers/app/pom.xml must use strata-maven-plugin $pluginVersion: update the example"
run(['cp', '-a', source, new File(basedir, 'java-layers')])
['java-layers/target', 'java-layers/greeting/target', 'java-layers/app/target'].each { new File(basedir, it).deleteDir() }
assert busyboxLayout(new File(basedir, 'base'), 'busybox')
return true
