evaluate(new File(itSources, 'lib/tools.groovy'))
return ['docker-registry', 'htpasswd', 'skopeo', 'timeout'].every { tool(it) != null }
