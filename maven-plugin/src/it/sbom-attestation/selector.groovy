// Runs only where the tools the base image needs are installed (skips loudly otherwise; CI fails).
evaluate(new File(itSources, 'lib/tools.groovy'))
return ['umoci', 'busybox', 'skopeo'].every { tool(it) != null }
