using Scari.Web.Data;

namespace Scari.Web.Content;

/// <summary>
/// <c>content check [ruta] [--strict]</c>: validates content/ without a database or web host. Errors (a course the app
/// would refuse) always fail the check; quality warnings are printed and fail it only with <c>--strict</c>.
/// </summary>
internal static class ContentCheckCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["check", ..])
        {
            error.WriteLine("Uso: content check [ruta] [--strict]   (por defecto, la carpeta de contenido configurada; --strict: las advertencias de calidad también fallan)");
            return 2;
        }
        var strict = args.Contains("--strict");
        var rest = args[1..].Where(a => a != "--strict").ToArray();
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
        string Shown(string path) => Path.Combine(shownRoot, path).Replace('\\', '/');
        foreach (var problem in result.Problems)
            output.WriteLine(problem with { Path = Shown(problem.Path) });
        foreach (var warning in result.Warnings)
            output.WriteLine(warning with { Path = Shown(warning.Path), Message = "advertencia: " + warning.Message });
        var (errors, warnings) = (result.Problems.Count, result.Warnings.Count);
        if (errors > 0 || (strict && warnings > 0))
        {
            var parts = new List<string>();
            if (errors > 0) parts.Add($"{errors} {(errors == 1 ? "error" : "errores")}");
            if (warnings > 0) parts.Add($"{warnings} {(warnings == 1 ? "advertencia" : "advertencias")}{(strict ? " (--strict: cuentan como errores)" : "")}");
            error.WriteLine($"{string.Join(" y ", parts)} en {shownRoot}.");
            return 1;
        }
        output.WriteLine(warnings == 0
            ? $"Contenido válido: {result.Summary()}."
            : $"Contenido válido: {result.Summary()}; {warnings} {(warnings == 1 ? "advertencia" : "advertencias")} de calidad (con --strict serían errores).");
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
