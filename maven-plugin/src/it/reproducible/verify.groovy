evaluate(new File(itSources, 'lib/tools.groovy'))
def skopeo = tool('skopeo')
if (skopeo == null) return true
def inspect = { String store, String tag, boolean config ->
    json(run([skopeo, 'inspect'] + (config ? ['--config'] : []) + ["oci:${new File(basedir, store)}:$tag"]))
}
def a = inspect('target/store-a', 'it/reproducible:a', false)
def b = inspect('target/store-b', 'it/reproducible:b', false)
assert a.Layers.size() == 1
assert a.Digest == b.Digest : "not reproducible: ${a.Digest} != ${b.Digest}"
assert inspect('target/store-a', 'it/reproducible:a', true).created == '2023-11-14T22:13:20Z'
return true
