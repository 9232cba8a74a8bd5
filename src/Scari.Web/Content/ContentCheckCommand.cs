using Scari.Web.Data;

namespace Scari.Web.Content;

/// <summary><c>content check [ruta]</c>: validates content/ without a database or web host.</summary>
internal static class ContentCheckCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["check", ..])
        {
            error.WriteLine("Uso: content check [ruta]   (por defecto, la carpeta de contenido configurada)");
            return 2;
        }
        var rest = args[1..];
        string shownRoot, root;
        if (rest is [var path, ..] && !path.StartsWith('-'))
        {
            shownRoot = path;
            root = Resolve(path);
        }
        else
        {
            // Only configuration and environment are needed to find the folder: the host is never built.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest });
            root = ScariPaths.ContentDirectory(builder.Configuration, builder.Environment);
            shownRoot = Path.GetRelativePath(Directory.GetCurrentDirectory(), root);
        }

        var result = ContentLoader.Load(root, DateTime.UtcNow);
        foreach (var problem in result.Problems)
            output.WriteLine(problem with { Path = Path.Combine(shownRoot, problem.Path).Replace('\\', '/') });
        if (result.Problems.Count > 0)
        {
            error.WriteLine($"{result.Problems.Count} {(result.Problems.Count == 1 ? "problema" : "problemas")} en {shownRoot}.");
            return 1;
        }
        output.WriteLine($"Contenido válido: {result.Summary()}.");
        return 0;
    }

    /// <summary>
    /// A relative path is looked up from the current folder and then its parents: <c>dotnet run --project src/Scari.Web</c>
    /// starts the app in src/Scari.Web, while the person typed the path from the repository root.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path)) return Path.GetFullPath(path);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, path));
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(path);
    }
}
