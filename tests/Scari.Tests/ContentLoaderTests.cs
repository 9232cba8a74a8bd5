using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.People;

namespace Scari.Tests;

public sealed class ContentLoaderTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "fixtures", "content", name);

    private static ContentLoadResult Load(string root) => ContentLoader.Load(root, new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));

    private static Course ValidCourse()
    {
        var result = Load(Fixture("valid"));
        Assert.Empty(result.Problems);
        return Assert.Single(result.Courses);
    }

    [Fact]
    public void A_valid_course_loads_its_modules_lessons_and_quizzes_in_prefix_order_with_stable_ids()
    {
        var course = ValidCourse();

        Assert.Equal("curso-de-prueba", course.Id);
        Assert.Equal(Audience.Staff, course.Audience);
        Assert.Equal((4, "funcionarios-tic", 60, "1.2.0"), (course.Hours, course.IndicatorId, course.PassScore, course.Version));
        Assert.Equal(["Saber leer"], course.Prerequisites);
        Assert.Equal(["primeros-pasos", "cierre"], course.Modules.Select(m => m.Id));
        Assert.Equal(["bienvenida", "seguridad", "primeros-pasos-evaluacion", "adios", "cierre-evaluacion"], course.Items.Select(i => i.Id));
        Assert.Equal(["bienvenida", "seguridad"], course.Modules[0].Items.OfType<Lesson>().Select(l => l.Id));
        Assert.Equal(18, course.TotalMinutes);
        Assert.Same(course.Modules[1], course.FindItem("adios")!.Module);
        Assert.Equal(64, course.ContentHash.Length);
    }

    [Fact]
    public void Reminders_in_curso_md_load_their_days_and_a_bad_key_or_number_is_a_problem_with_its_line()
    {
        Assert.Null(ValidCourse().Reminders);
        using var copy = new FixtureCopy("valid");
        var path = copy.File("cursos/curso-de-prueba/curso.md");
        var original = File.ReadAllText(path);
        File.WriteAllText(path, original.Replace("version: 1.2.0\n", "version: 1.2.0\nreminders:\n  not_started_days: 7\n  closing_days: 3\n", StringComparison.Ordinal));
        var course = Assert.Single(Load(copy.Root).Courses);
        Assert.Equal(new Scari.Web.Features.Reminders.ReminderRules(7, null, 3), course.Reminders);

        File.WriteAllText(path, original.Replace("version: 1.2.0\n", "version: 1.2.0\nreminders:\n  stalled_days: 0\n  nudge_days: 5\n", StringComparison.Ordinal));
        var problems = Load(copy.Root).Problems;
        Assert.Contains(problems, p => p.Line == 11 && p.Message.Contains("«reminders.stalled_days» debe ser un número entero de días entre 1 y 365", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 12 && p.Message.Contains("«reminders» no admite «nudge_days»", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quiz_fingerprint_follows_questions_answers_and_feedback_and_not_the_title()
    {
        using var copy = new FixtureCopy("valid");
        var path = copy.File("cursos/curso-de-prueba/02-cierre/evaluacion.md");
        string Fingerprint() => ((Quiz)Assert.Single(Load(copy.Root).Courses).FindItem("cierre-evaluacion")!).Fingerprint;
        void Edit(string from, string to) => File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));

        var original = Fingerprint();
        Assert.Matches("^[0-9a-f]{64}$", original);
        Assert.Equal(original, Fingerprint());

        Edit("title: Evaluación final", "title: Evaluación de cierre");
        Assert.Equal(original, Fingerprint());

        Edit("- [x] Sí\n- [ ] No", "- [ ] Sí\n- [x] No");
        var flipped = Fingerprint();
        Assert.NotEqual(original, flipped);

        File.AppendAllText(path, "\n> Así es.\n");
        var withFeedback = Fingerprint();
        Assert.NotEqual(flipped, withFeedback);

        Edit("## ¿Terminó?", "## ¿Terminó el curso?");
        Assert.NotEqual(withFeedback, Fingerprint());
    }

    [Fact]
    public void A_quiz_reads_questions_options_correct_answers_and_feedback_from_the_markdown()
    {
        var course = ValidCourse();
        var quiz = Assert.IsType<Quiz>(course.FindItem("primeros-pasos-evaluacion"));

        Assert.Equal((80, 3), (quiz.PassScore, quiz.MaxAttempts!.Value));
        Assert.Equal(2, quiz.Questions.Count);
        var first = quiz.Questions[0];
        Assert.Equal("¿Cuál es <strong>la</strong> respuesta?", first.PromptHtml);
        Assert.Equal(["Una", "Otra"], first.Options.Select(o => o.Html));
        Assert.Equal([false, true], first.Options.Select(o => o.Correct));
        Assert.False(first.Multiple);
        Assert.Equal("<p>Porque sí.</p>", first.FeedbackHtml.Trim());
        var second = quiz.Questions[1];
        Assert.True(second.Multiple);
        Assert.Equal("<p>Lea con cuidado.</p>", second.DetailHtml.Trim());
        Assert.Equal("", second.FeedbackHtml);
        Assert.DoesNotContain(quiz.Questions.SelectMany(q => q.Options), o => o.Html.Contains("input", StringComparison.Ordinal));

        var final = Assert.IsType<Quiz>(course.FindItem("cierre-evaluacion"));
        Assert.Equal(60, final.PassScore); // the course's pass score when the quiz has none
        Assert.Null(final.MaxAttempts);
    }

    [Fact]
    public void Raw_html_and_scripts_in_a_lesson_come_out_escaped()
    {
        var html = Assert.IsType<Lesson>(ValidCourse().FindItem("bienvenida")).Html;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;b&gt;negrita cruda&lt;/b&gt;", html);
    }

    [Fact]
    public void Images_and_links_between_lessons_resolve_to_the_urls_the_app_serves()
    {
        var course = ValidCourse();
        var html = Assert.IsType<Lesson>(course.FindItem("bienvenida")).Html;

        Assert.Contains("<img src=\"/cursos/curso-de-prueba/media/diagrama.png\" alt=\"Un diagrama\" />", html);
        Assert.Contains("<a href=\"/cursos/curso-de-prueba/seguridad#inicio\">la segunda lección</a>", html);
        Assert.Contains("<a href=\"/cursos/curso-de-prueba/bienvenida\">la primera lección</a>", course.OverviewHtml);
        Assert.Contains("<h2 id=\"que-aprendera\">Qué aprenderá</h2>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<code>código</code>", Assert.IsType<Lesson>(course.FindItem("seguridad")).Html);
    }

    [Fact]
    public void Each_kind_of_broken_course_is_reported_at_its_file_and_line_and_refused()
    {
        var result = Load(Fixture("broken"));

        Assert.Equal(
        [
            "cursos/aprobacion-invalida/curso.md:8: el campo «pass» debe ser un número entero entre 0 y 100, no 120",
            "cursos/enlaces-rotos/01-modulo/02-enlaces.md:7: la imagen «../media/no-existe.png» no existe: revise el nombre o agregue el archivo en la carpeta media del curso",
            "cursos/enlaces-rotos/01-modulo/02-enlaces.md:9: el enlace «03-no-existe.md» apunta a un archivo que no existe",
            "cursos/falta-titulo/curso.md:1: falta el campo «title»",
            "cursos/id-duplicado/01-modulo/02-otra.md:3: el id «leccion» ya lo usa cursos/id-duplicado/01-modulo/01-leccion.md: cada lección y evaluación necesita un id único en el curso",
            "cursos/id-duplicado-copia/curso.md:2: el id «id-duplicado» no coincide con el nombre de la carpeta «id-duplicado-copia»: renombre la carpeta o corrija el id",
            "cursos/id-duplicado-copia/curso.md:2: el curso «id-duplicado» ya existe en cursos/id-duplicado/curso.md: cada curso necesita un id único",
            "cursos/indicador-desconocido/curso.md:7: el indicador «jovenes» no existe en scari.yaml: use funcionarios-tic",
            "cursos/leccion-vacia/01-modulo/02-vacia.md:5: la lección está vacía: escriba su contenido debajo del encabezado",
            "cursos/modulo-sin-lecciones/02-vacio/modulo.md:1: el módulo no tiene lecciones: agregue al menos un archivo 01-….md o elimine la carpeta",
            "cursos/publico-desconocido/curso.md:5: el público «todos» no existe: use staff, student o both",
            "cursos/sin-encabezado/01-modulo/02-sin-encabezado.md:1: falta el encabezado (front matter): empiece el archivo con una línea ---, los campos y otra línea ---",
            "cursos/sin-respuesta-correcta/01-modulo/evaluacion.md:5: la pregunta «¿Cuál?» no tiene respuesta correcta: marque al menos una opción con - [x]",
            "cursos/una-opcion/01-modulo/evaluacion.md:5: la pregunta «¿Cuál?» tiene una sola opción: escriba al menos dos",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Equal(12, result.RefusedCourses.Count);
        Assert.Empty(result.Courses);
    }

    [Fact]
    public void Indicators_in_scari_yaml_are_checked_for_courses_audience_target_and_period()
    {
        var result = Load(Fixture("broken-settings"));

        Assert.False(result.SettingsValid);
        Assert.Equal(
        [
            "scari.yaml:5: el logo «media/no-existe.svg» no existe o no es PNG ni JPEG: los certificados solo pueden dibujar esas imágenes",
            "scari.yaml:22: el público «todos» no existe para un indicador: use staff o student",
            "scari.yaml:23: el campo «target» debe ser un número entero mayor que cero, no 0",
            "scari.yaml:26: el periodo termina (2024-12-31) antes de empezar (2027-01-01): corrija las fechas",
            "scari.yaml:19: el indicador «funcionarios-tic» cuenta el curso «curso-que-no-existe», que no existe en cursos/",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_course_whose_curso_md_and_scari_yaml_name_different_indicators_is_refused_with_both_lines()
    {
        using var copy = new FixtureCopy("valid");
        // scari.yaml keeps counting the course for funcionarios-tic; its curso.md now says capacitacion-general.
        System.IO.File.AppendAllText(copy.File("scari.yaml"), """
              - id: capacitacion-general
                name: Capacitación general
                audience: staff
                target: 10
                period:
                  start: 2024-01-01
                  end: 2027-12-31
                courses: []

            """.Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        var curso = copy.File(Path.Combine("cursos", "curso-de-prueba", "curso.md"));
        System.IO.File.WriteAllText(curso, System.IO.File.ReadAllText(curso).Replace("indicator: funcionarios-tic", "indicator: capacitacion-general", StringComparison.Ordinal));

        var result = Load(copy.Root);

        Assert.Equal(
        [
            "cursos/curso-de-prueba/curso.md:7: el curso dice «indicator: capacitacion-general» pero scari.yaml no lo cuenta en ese indicador: agregue «curso-de-prueba» a los «courses» de «capacitacion-general» en scari.yaml o corrija el indicador del curso",
            "scari.yaml:20: el indicador «funcionarios-tic» cuenta el curso «curso-de-prueba», pero su curso.md (cursos/curso-de-prueba/curso.md:7) dice «indicator: capacitacion-general»: un curso cuenta para un solo indicador, el mismo en los dos archivos",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Courses);
    }

    [Fact]
    public void The_settings_of_scari_yaml_are_read()
    {
        var settings = Load(Fixture("valid")).Settings;

        Assert.Equal("Alcaldía de Prueba", settings.Entity.Name);
        Assert.Equal("Jefe de Prueba", settings.Signatory.Title);
        var indicator = Assert.Single(settings.Indicators);
        Assert.Equal(("funcionarios-tic", Audience.Staff, 10), (indicator.Id, indicator.Audience, indicator.Target));
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2027, 12, 31)), (indicator.PeriodStart, indicator.PeriodEnd));
        Assert.Equal(5, indicator.YearlyTargets[2025]);
        Assert.Equal(["curso-de-prueba"], indicator.CourseIds);
    }

    [Fact]
    public void The_real_catalogue_passes_the_strict_check()
    {
        var result = Load(RepoPaths.ShippedContent);

        // --strict: warnings (test-taking tricks, hours above 1.5 × the timed material, unlinked questions) fail too.
        Assert.Empty(result.Problems.Concat(result.Warnings).Select(p => p.ToString()));
        Assert.Equal(9, result.Courses.Count);
        Assert.All(result.Courses.SelectMany(c => c.Quizzes), q => Assert.True(q.Questions.Count >= 5, q.SourcePath));
    }

    [Fact]
    public void A_link_with_a_script_scheme_is_a_problem_and_is_not_rendered()
    {
        using var copy = new FixtureCopy("valid");
        File.AppendAllText(copy.File("cursos/curso-de-prueba/02-cierre/01-despedida.md"), "\n[clic](javascript:alert(1))\n");

        var result = Load(copy.Root);

        Assert.Equal(["cursos/curso-de-prueba/02-cierre/01-despedida.md:8: el enlace «javascript:alert(1)» usa un esquema no permitido: use http, https, mailto o una ruta relativa"],
            result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Courses);
    }

    [Fact]
    public void The_content_hash_changes_when_any_file_of_the_course_changes()
    {
        using var copy = new FixtureCopy("valid");
        var before = Assert.Single(Load(copy.Root).Courses).ContentHash;
        Assert.Equal(before, Assert.Single(Load(copy.Root).Courses).ContentHash);

        File.WriteAllText(copy.File("cursos/curso-de-prueba/media/diagrama.png"), "otra imagen");

        Assert.NotEqual(before, Assert.Single(Load(copy.Root).Courses).ContentHash);
    }

    [Fact]
    public void Content_check_prints_each_problem_with_the_path_given_and_exits_1()
    {
        var output = new StringWriter();
        var code = ContentCheckCommand.Run(["check", Fixture("broken-settings")], output, new StringWriter());

        Assert.Equal(1, code);
        Assert.StartsWith($"{Fixture("broken-settings")}/scari.yaml:5: el logo «media/no-existe.svg» no existe", output.ToString());
    }

    [Fact]
    public void Content_check_of_content_without_errors_prints_its_warnings_and_one_summary_line_and_exits_0()
    {
        var output = new StringWriter();
        var code = ContentCheckCommand.Run(["check", Fixture("valid")], output, new StringWriter());

        Assert.Equal(0, code);
        Assert.Equal("Contenido válido: 1 cursos, 2 módulos, 3 lecciones, 2 evaluaciones, 3 preguntas; 8 advertencias de calidad (con --strict serían errores)." + Environment.NewLine,
            output.ToString().Split(Environment.NewLine)[^2] + Environment.NewLine);
    }
}
