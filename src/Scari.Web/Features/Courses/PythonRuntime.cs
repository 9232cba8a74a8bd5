namespace Scari.Web.Features.Courses;

/// <summary>
/// Pyodide's files under wwwroot/lib/pyodide, put there by scripts/restore-pyodide.sh (scripts/test.sh runs it); not in
/// git (about 12 MB). Without them the lesson pages offer no «Ejecutar» and load no script: `dotnet run` with only the
/// .NET SDK serves every lesson, its code shown as text.
/// </summary>
public sealed class PythonRuntime(IWebHostEnvironment env)
{
    public const string WorkerPath = "/js/python-worker.js";
    /// <summary>How long one run may take before the page stops its worker.</summary>
    public const int LimitSeconds = 10;
    private static readonly string[] Files = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

    public bool Available => Files.All(f => env.WebRootFileProvider.GetFileInfo("lib/pyodide/" + f).Exists);
}
