using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Scari.Web.Content;

/// <summary>
/// Python that runs in the lesson (Pyodide, in the browser): a fenced block <c>```python ejecutable</c> gets an
/// «Ejecutar» button; with <c>ejercicio=ID</c> it is an exercise whose expected output follows in a
/// <c>```salida-esperada</c> block. That block is taken out of the document here, before rendering: the expected
/// output stays on the server (<see cref="PythonExercise"/>) and never reaches the browser.
/// </summary>
internal static class PythonBlocks
{
    public const string RunnableClass = "python-ejecutable";

    /// <summary>Marks the runnable blocks, removes the expected outputs and returns the exercises, in order.</summary>
    public static (bool HasRunnable, IReadOnlyList<PythonExercise> Exercises) Prepare(MarkdownDocument document, string rel,
        int lineOffset, List<ContentProblem> problems)
    {
        var runnable = false;
        var exercises = new List<PythonExercise>();
        foreach (var block in document.Descendants<FencedCodeBlock>().ToList())
        {
            var info = block.Info?.Trim() ?? "";
            var line = block.Line + lineOffset;
            if (info == "salida-esperada")
            {
                if (Previous(block) is not FencedCodeBlock previous || ExerciseId(previous) is null)
                    problems.Add(new(rel, line, "el bloque salida-esperada debe ir justo después de un bloque «```python ejecutable ejercicio=…»: escriba el ejercicio antes o quite este bloque"));
                continue;
            }
            if (!info.Equals("python", StringComparison.Ordinal)) continue;
            var words = (block.Arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!words.Contains("ejecutable")) continue;
            runnable = true;
            foreach (var word in words.Where(w => w != "ejecutable" && !w.StartsWith("ejercicio=", StringComparison.Ordinal)))
                problems.Add(new(rel, line, $"el bloque python ejecutable no entiende «{word}»: escriba solo «ejecutable» y, si es un ejercicio, «ejercicio=nombre»"));
            var attributes = block.GetAttributes();
            attributes.AddClass(RunnableClass);
            if (ExerciseId(block) is not { } id) continue;
            if (!ContentLoader.IsSlug(id))
            {
                problems.Add(new(rel, line, $"el ejercicio «{id}» no tiene un nombre válido: use minúsculas sin tildes, números y guiones"));
                continue;
            }
            if (exercises.Any(e => e.Id == id))
            {
                problems.Add(new(rel, line, $"el ejercicio «{id}» ya existe en esta lección: dé a cada ejercicio un nombre distinto"));
                continue;
            }
            if (Next(block) is not FencedCodeBlock { Info: "salida-esperada" } expected)
            {
                problems.Add(new(rel, line, $"al ejercicio «{id}» le falta su salida esperada: escriba justo después un bloque «```salida-esperada» con lo que debe imprimir"));
                continue;
            }
            var output = string.Join('\n', expected.Lines.Lines.Take(expected.Lines.Count).Select(l => l.Slice.ToString()));
            if (string.IsNullOrWhiteSpace(output))
            {
                problems.Add(new(rel, expected.Line + lineOffset, $"la salida esperada del ejercicio «{id}» está vacía: escriba lo que el programa debe imprimir"));
                continue;
            }
            attributes.AddProperty("data-ejercicio", id);
            exercises.Add(new PythonExercise(id, PythonExercise.Normalize(output)));
        }
        // Taken out after the walk: the expected outputs are not rendered, whatever else happened above.
        foreach (var expected in document.Descendants<FencedCodeBlock>().Where(b => b.Info?.Trim() == "salida-esperada").ToList())
            expected.Parent!.Remove(expected);
        return (runnable, exercises);
    }

    private static string? ExerciseId(FencedCodeBlock block) =>
        block.Info?.Trim() == "python"
            ? (block.Arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(w => w.StartsWith("ejercicio=", StringComparison.Ordinal))?["ejercicio=".Length..]
            : null;

    private static Block? Previous(Block block)
    {
        var index = block.Parent!.IndexOf(block);
        return index > 0 ? block.Parent[index - 1] : null;
    }

    private static Block? Next(Block block)
    {
        var index = block.Parent!.IndexOf(block);
        return index + 1 < block.Parent.Count ? block.Parent[index + 1] : null;
    }
}

/// <summary>A runnable exercise of a lesson and the output it must print (kept on the server).</summary>
public sealed record PythonExercise(string Id, string ExpectedOutput)
{
    /// <summary>Line ends as \n, trailing spaces of each line and trailing blank lines ignored.</summary>
    public static string Normalize(string output) =>
        string.Join('\n', output.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    public bool Matches(string output) => Normalize(output) == ExpectedOutput;
}
