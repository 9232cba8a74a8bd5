namespace Scari.Testing;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The frozen test catalogue (tests/fixtures/catalog): what behaviour tests load.</summary>
    public static string Content => Path.Combine(Root, "tests", "fixtures", "catalog");

    /// <summary>The shipped catalogue (content/): only the checks of the product's own content read it.</summary>
    public static string ShippedContent => Path.Combine(Root, "content");

    public static string TestsFolder(string name) => Path.Combine(Root, "tests", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scari.sln"))) return dir.FullName;
        throw new InvalidOperationException("No se encontró la raíz del repositorio (Scari.sln).");
    }
}
