// Two copies of the same files, written at different times and in a different order, with
// different modification times: only the content may reach the image.
import java.nio.file.Files
import java.nio.file.attribute.FileTime
def files = ['a.txt': 'alpha\n', 'dir/b.txt': 'beta\n', 'dir/sub/c.sh': '#!/bin/sh\necho c\n']
def write = { String context, List<String> names, long millis ->
    names.each { name ->
        def f = new File(basedir, "$context/$name")
        f.parentFile.mkdirs()
        f.text = files[name]
        if (name.endsWith('.sh')) f.setExecutable(true, false)
        Files.setLastModifiedTime(f.toPath(), FileTime.fromMillis(millis))
    }
}
write('context-a', files.keySet().toList(), 1_000_000_000_000L)
write('context-b', files.keySet().toList().reverse(), 1_600_000_000_000L)
return true
