// Two checkouts of the same files, written in a different order and at different times, both
// after the epoch (1700000000, 2023-11-14): their times are clamped to it, as BuildKit's
// SOURCE_DATE_EPOCH does, so only the content reaches the image. (Times before the epoch are
// kept, as in BuildKit.)
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
write('context-a', files.keySet().toList(), 1_704_067_200_000L)   // 2024-01-01
write('context-b', files.keySet().toList().reverse(), 1_750_000_000_000L)   // 2025-06-15
return true
