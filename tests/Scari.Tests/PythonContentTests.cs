using Scari.Testing;
using Scari.Web.Content;

namespace Scari.Tests;

/// <summary>Runnable Python in a lesson (content/FORMAT.md): the blocks, the exercises and what content check says.</summary>
public sealed class PythonContentTests
{
    private const string LessonPath = "cursos/python-en-clase/01-primeros-programas/01-imprimir.md";
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Runnable_blocks_are_marked_and_the_expected_output_stays_out_of_the_lesson_html()
    {
        var result = ContentLoader.Load(Path.Combine(RepoPaths.Root, "tests", "fixtures", "content", "python"), Now);

        Assert.Empty(result.Problems);
        var lessons = Assert.Single(result.Courses).Lessons.ToList();
        var lesson = lessons[0];
        Assert.True(lesson.HasRunnableCode);
        Assert.Equal([new PythonExercise("suma", "La suma es 5")], lesson.Exercises);
        Assert.Contains("<code class=\"language-python python-ejecutable\">print(&quot;Hola desde Python&quot;)", lesson.Html);
        Assert.Contains("<code class=\"language-python python-ejecutable\" data-ejercicio=\"suma\">", lesson.Html);
        Assert.Contains("<code class=\"language-python\">print(&quot;no se ejecuta&quot;)", lesson.Html);
        Assert.DoesNotContain("La suma es 5", lesson.Html);
        Assert.DoesNotContain("salida-esperada", lesson.Html);
        Assert.False(lessons[1].HasRunnableCode);
    }

    [Theory]
    [InlineData("  La suma es 5  \r\n\r\n", true)]
    [InlineData("La suma es 5\n", true)]
    [InlineData("la suma es 5", false)]
    [InlineData("La suma es 6", false)]
    public void Output_is_compared_without_trailing_spaces_or_blank_lines(string output, bool matches) =>
        Assert.Equal(matches, new PythonExercise("suma", "La suma es 5").Matches(output.TrimStart()));

    [Fact]
    public void Content_check_reports_each_misuse_at_its_line_and_refuses_the_course()
    {
        using var copy = new FixtureCopy("python");
        File.WriteAllText(copy.File(LessonPath), """
            ---
            title: Errores
            minutes: 5
            ---
            ```python ejecutable ejercicio=sin-salida
            print(1)
            ```

            Un párrafo entre el ejercicio y su salida.

            ```salida-esperada
            suelta
            ```

            ```python ejecutable rapido
            print(2)
            ```

            ```python ejecutable ejercicio=doble
            print(3)
            ```
            ```salida-esperada
            3
            ```

            ```python ejecutable ejercicio=doble
            print(3)
            ```
            ```salida-esperada
            3
            ```

            ```python ejecutable ejercicio=Con_Mayusculas
            print(4)
            ```
            ```salida-esperada
            4
            ```
            """);

        var result = ContentLoader.Load(copy.Root, Now);

        Assert.Empty(result.Courses);
        Assert.Equal(
        [
            $"{LessonPath}:5: al ejercicio «sin-salida» le falta su salida esperada: escriba justo después un bloque «```salida-esperada» con lo que debe imprimir",
            $"{LessonPath}:11: el bloque salida-esperada debe ir justo después de un bloque «```python ejecutable ejercicio=…»: escriba el ejercicio antes o quite este bloque",
            $"{LessonPath}:15: el bloque python ejecutable no entiende «rapido»: escriba solo «ejecutable» y, si es un ejercicio, «ejercicio=nombre»",
            $"{LessonPath}:26: el ejercicio «doble» ya existe en esta lección: dé a cada ejercicio un nombre distinto",
            $"{LessonPath}:33: el ejercicio «Con_Mayusculas» no tiene un nombre válido: use minúsculas sin tildes, números y guiones",
        ], result.Problems.Where(p => p.ToString().StartsWith(LessonPath, StringComparison.Ordinal)).Select(p => p.ToString()));
    }
}
