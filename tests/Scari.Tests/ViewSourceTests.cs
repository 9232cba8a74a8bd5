namespace Scari.Tests;

/// <summary>Views only render: the page model reads what a page shows (in OnGet/OnPost), so no .cshtml asks DI for a service.</summary>
public sealed class ViewSourceTests
{
    [Fact]
    public void No_view_injects_a_service()
    {
        var features = Path.Combine(FindRoot(), "src", "Scari.Web");
        var views = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(views.Count > 50, $"solo {views.Count} vistas: ¿cambió la carpeta?");
        var injecting = views.Where(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("@inject ", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(features, f)).ToList();
        Assert.Empty(injecting);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scari.sln"))) return dir.FullName;
        throw new InvalidOperationException("No se encontró Scari.sln.");
    }
}
