def log = new File(basedir, 'build.log').text
assert log.contains('strata:build') : 'build.log: see help-goal/build.log'
assert log.contains('User property: strata.tags') : 'build.log: see help-goal/build.log'
assert log.contains('buildArgs') : 'build.log: see help-goal/build.log'
// javadoc {@code} with a ${...} inside once lost its braces here
assert log.contains('id=maven-settings,src=${user.home}/.m2/settings.xml') : 'build.log: see help-goal/build.log'
assert log.contains('the image ${project.artifactId}:${project.version}') : 'build.log: see help-goal/build.log'
return true
