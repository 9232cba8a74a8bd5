namespace Scari.Testing;

/// <summary>A throwaway copy of a folder under tests/fixtures/content, for tests that change files.</summary>
public sealed class FixtureCopy : IDisposable
{
    public FixtureCopy(string fixture)
    {
        Root = Path.Combine(Path.GetTempPath(), "scari-content-" + Guid.NewGuid().ToString("N")[..8]);
        var source = Path.Combine(RepoPaths.Root, "tests", "fixtures", "content", fixture);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string File(string relative) => Path.Combine(Root, relative);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
