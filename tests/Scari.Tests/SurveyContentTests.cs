using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Surveys;

namespace Scari.Tests;

/// <summary>curso.md's <c>survey</c> and <c>impact_survey</c>: read, defaulted, and checked with file:line messages.</summary>
public sealed class SurveyContentTests
{
    private static ContentLoadResult Load(string root) => ContentLoader.Load(root, new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void A_course_reads_its_own_surveys_and_one_without_gets_the_default_reaction_survey_in_its_voice()
    {
        using var copy = new FixtureCopy("surveys");
        var result = Load(copy.Root);
        Assert.Empty(result.Problems);
        var own = result.Courses.Single(c => c.Id == "encuesta-propia");
        Assert.False(own.Survey.IsDefault);
        Assert.Equal(["claridad", "utilidad", "duracion"], own.Survey.Items.Select(i => i.Id));
        Assert.Equal("¿Qué tema del correo institucional faltó?", own.Survey.Question);
        Assert.Equal(SurveyKind.Impacto, own.ImpactSurvey!.Kind);
        Assert.Equal(30, own.ImpactSurvey.AfterDays);
        Assert.Equal(["aplicacion", "mejora"], own.ImpactSurvey.Items.Select(i => i.Id));

        var student = result.Courses.Single(c => c.Id == "encuesta-estudiantes");
        Assert.True(student.Survey.IsDefault);
        Assert.Equal(["objetivos", "aplicacion", "materiales", "tiempo", "general"], student.Survey.Items.Select(i => i.Id));
        Assert.Equal("¿Qué cambiarías o agregarías al curso?", student.Survey.Question);
        Assert.Null(student.ImpactSurvey);
    }

    [Fact]
    public void Content_check_names_the_file_and_line_of_every_survey_problem_and_refuses_the_course()
    {
        using var copy = new FixtureCopy("surveys");
        var path = copy.File("cursos/encuesta-propia/curso.md");
        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("    duracion: La duración del curso es adecuada.", "    Duración: La duración del curso es adecuada.", StringComparison.Ordinal)
            .Replace("  after_days: 30", "  after_days: 0\n  color: azul", StringComparison.Ordinal));
        var student = copy.File("cursos/encuesta-estudiantes/curso.md");
        File.WriteAllText(student, File.ReadAllText(student).Replace("version: 1.0.0", "version: 1.0.0\nsurvey:\n  items:\n    uno: Solo una afirmación.\n  question: [una, lista]", StringComparison.Ordinal));

        var result = Load(copy.Root);
        var messages = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("cursos/encuesta-propia/curso.md:14: el id «Duración» de «survey.items» no es válido: use minúsculas sin tildes, números y guiones (p. ej. objetivos)", messages);
        Assert.Contains("cursos/encuesta-propia/curso.md:17: el campo «after_days» debe ser un número entero de días entre 1 y 365, no 0", messages);
        Assert.Contains("cursos/encuesta-propia/curso.md:18: el campo «impact_survey.color» no existe: use impact_survey.items, impact_survey.question, impact_survey.after_days", messages);
        Assert.Contains("cursos/encuesta-estudiantes/curso.md:12: «survey.items» tiene 1 afirmación: escriba de 3 a 8", messages);
        Assert.Contains("cursos/encuesta-estudiantes/curso.md:13: el campo «question» debe ser un texto de una línea", messages);
        Assert.Empty(result.Courses);
        Assert.Equal(["encuesta-estudiantes", "encuesta-propia"], result.RefusedCourses.Order(StringComparer.Ordinal));
    }
}
