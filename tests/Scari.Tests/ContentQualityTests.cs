using Scari.Testing;
using Scari.Web.Content;

namespace Scari.Tests;

/// <summary>The assessment format (content/FORMAT.md): typed answers, pools, activities, time rule, quality warnings, --strict.</summary>
public sealed class ContentQualityTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "fixtures", name);

    private static ContentLoadResult Load(string name) => ContentLoader.Load(Fixture(name), new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc));

    private static (int Code, string Output, string Error) Check(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = ContentCheckCommand.Run(["check", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void The_assessment_fixture_passes_the_strict_check()
    {
        var (code, output, error) = Check(Fixture("assessment"), "--strict");

        Assert.Equal("", error);
        Assert.Equal("Contenido válido: 1 cursos, 2 módulos, 3 lecciones, 2 evaluaciones, 9 preguntas." + Environment.NewLine, output);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Typed_answers_lessons_groups_and_the_attempt_policy_are_read_from_the_evaluation()
    {
        var course = Assert.Single(Load("assessment").Courses);
        var quiz = Assert.IsType<Quiz>(course.FindItem("subredes-evaluacion"));

        Assert.Equal((15, 60, 3), (quiz.Minutes, quiz.PassScore, quiz.MaxAttempts));
        Assert.Equal(new Dictionary<string, int> { ["calculo"] = 2, ["conceptos"] = 3 }, quiz.DrawByGroup);
        Assert.Equal(5, quiz.AskedCount);
        Assert.True(quiz.ShuffleQuestions);
        Assert.Equal(TimeSpan.FromMinutes(10), quiz.Cooldown);
        Assert.Equal(ReviewPolicy.AfterPass, quiz.Review);
        Assert.Equal(["calculo", "calculo", "calculo", "conceptos", "conceptos", "conceptos", "conceptos"], quiz.Questions.Select(q => q.Group));
        // «01-direcciones» (the file name) and «direcciones» (the id) name the same lesson.
        Assert.Equal(["direcciones", "direcciones", "plazos", "direcciones", "direcciones", "plazos", "direcciones"], quiz.Questions.Select(q => q.LessonId));
        Assert.Equal(new NumberAnswer(62, 62), quiz.Questions[0].Answer);
        Assert.Equal(new NumberAnswer(24.5m, 25.5m), quiz.Questions[1].Answer);
        Assert.Equal(new DateAnswer(new DateOnly(2026, 3, 17)), quiz.Questions[2].Answer);
        Assert.Equal(["subred", "sub red"], Assert.IsType<TextAnswer>(quiz.Questions[3].Answer).Forms);
        Assert.Empty(quiz.Questions[0].Options);
        Assert.Contains("10.20.0.0/24", quiz.Questions[0].DetailHtml);
        Assert.DoesNotContain("lesson:", quiz.Questions[0].DetailHtml);
        Assert.Null(quiz.Questions[4].Answer);
        Assert.Equal("¿Cuántos equipos utilizables deja la subred 10.20.0.64/26?", quiz.Questions[0].PlainPrompt);

        var closing = Assert.IsType<Quiz>(course.FindItem("cierre-evaluacion"));
        Assert.Equal((ReviewPolicy.Always, (int?)null, 2), (closing.Review, closing.Draw, closing.AskedCount));
    }

    [Fact]
    public void A_typed_answer_changes_the_quiz_fingerprint()
    {
        using var copy = new FixtureCopy(Fixture("assessment"));
        var path = copy.File("cursos/redes-y-plazos/02-cierre/evaluacion.md");
        string Fingerprint() => ((Quiz)Assert.Single(ContentLoader.Load(copy.Root, DateTime.UtcNow).Courses).FindItem("cierre-evaluacion")!).Fingerprint;

        var before = Fingerprint();
        File.WriteAllText(path, File.ReadAllText(path).Replace("= 2.5", "= 2.6", StringComparison.Ordinal));

        Assert.NotEqual(before, Fingerprint());
    }

    [Fact]
    public void An_activity_block_renders_as_a_box_and_its_minutes_count_toward_the_course_time()
    {
        var course = Assert.Single(Load("assessment").Courses);
        var lesson = Assert.IsType<Lesson>(course.FindItem("direcciones"));

        Assert.Equal([new Activity("Calcule las subredes de su oficina", 20)], lesson.Activities);
        Assert.Contains("<section class=\"activity\">", lesson.Html);
        Assert.Contains("Actividad práctica (20 min):</span> Calcule las subredes de su oficina</h2>", lesson.Html);
        Assert.Contains("<h3>Qué hacer</h3>\n<ol>\n<li>Anote la dirección de la red de su oficina.</li>", lesson.Html);
        Assert.Contains("<h3>Qué entregar</h3>\n<p>La tabla con las cuatro subredes y sus equipos utilizables.</p>", lesson.Html);
        Assert.DoesNotContain("language-actividad", lesson.Html);
        Assert.Contains("<a href=\"/cursos/redes-y-plazos/plazos\">los plazos</a>", lesson.Html); // text after the block still renders
        Assert.Equal((65, 20, 25, 110), (course.TotalMinutes, course.ActivityMinutes, course.EvaluationMinutes, course.StudyMinutes));
    }

    [Fact]
    public void Every_quality_warning_fires_at_its_file_and_line_and_the_course_still_loads()
    {
        var result = Load("assessment-warnings");

        Assert.Empty(result.Problems);
        Assert.Single(result.Courses);
        const string first = "cursos/avisos/01-primero/evaluacion.md";
        const string second = "cursos/avisos/02-segundo/evaluacion.md";
        Assert.Equal(
        [
            $"{first}:1: la evaluación no declara minutes: escriba cuántos minutos toma responderla (cuentan en las horas del curso)",
            $"{first}:1: la opción correcta es la más larga en 3 de 5 preguntas de selección única (60 %; máximo 35 %): alargue las opciones incorrectas o acorte las correctas (líneas 7, 13, 57)",
            $"{first}:19: las 3 preguntas de selección múltiple tienen todas 2 opciones incorrectas: varíe cuántas opciones son correctas",
            $"{first}:46: la opción «correo, electronico.» es igual a la de la línea 44 (sin contar mayúsculas, tildes, espacios ni puntuación): cambie una de las dos",
            $"{first}:51: las palabras de la opción «Cambiar la contraseña» aparecen, en el mismo orden, dentro de la opción de la línea 52: reescriba una de las dos para que no se delaten",
            $"{first}:57: la pregunta «¿Quién firma los certificados?» no tiene retroalimentación: agregue una cita (> …) después de la respuesta",
            $"{first}:5: draw pide 9 preguntas pero la evaluación tiene 8: cada intento hará las 8; agregue preguntas o baje draw",
            $"{second}:8: la pregunta de selección múltiple «¿Cuáles son colores?» tiene 1 opción incorrecta: escriba al menos dos, para que descartar la más corta no baste",
            $"{second}:6: draw pide 3 preguntas del grupo «a», que tiene 1: agregue preguntas al grupo o baje el número",
            "cursos/avisos/curso.md:6: el curso certifica 10 horas, más de 1,5 veces su tiempo de estudio (25 min entre lecciones, actividades y evaluaciones; máximo 0 horas): baje hours o declare el tiempo de las evaluaciones y actividades",
        ], result.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void Warnings_fail_the_check_only_under_strict()
    {
        var plain = Check(Fixture("assessment-warnings"));
        var strict = Check(Fixture("assessment-warnings"), "--strict");

        Assert.Equal(0, plain.Code);
        Assert.Contains("/cursos/avisos/curso.md:6: advertencia: el curso certifica 10 horas", plain.Output);
        Assert.EndsWith("10 advertencias de calidad (con --strict serían errores)." + Environment.NewLine, plain.Output);
        Assert.Equal(1, strict.Code);
        Assert.DoesNotContain("Contenido válido", strict.Output);
        Assert.StartsWith("10 advertencias (--strict: cuentan como errores) en ", strict.Error);
    }

    [Fact]
    public void A_warning_on_a_good_question_does_not_fire()
    {
        // The assessment fixture mixes single, multiple, typed and grouped questions and declares every time.
        var result = Load("assessment");
        Assert.Empty(result.Warnings);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Each_error_of_the_new_format_is_reported_at_its_file_and_line_and_refuses_the_course()
    {
        var result = Load("assessment-errors");

        Assert.Equal(
        [
            "cursos/actividad-incompleta/01-modulo/01-leccion.md:10: la actividad no usa el campo «color»: sus campos son title, minutes, do y deliver",
            "cursos/actividad-incompleta/01-modulo/01-leccion.md:7: a la actividad le falta «minutes»: cuántos minutos toma (cuentan en las horas del curso)",
            "cursos/actividad-incompleta/01-modulo/01-leccion.md:7: a la actividad le falta «deliver»: qué entrega al terminar",
            "cursos/encabezado-invalido/01-modulo/evaluacion.md:5: el campo «draw» debe ser un número entero mayor que cero, o grupos como {calculo: 2, conceptos: 4}, no 0",
            "cursos/encabezado-invalido/01-modulo/evaluacion.md:6: el campo «shuffle_questions» debe ser true o false, no «quizas»",
            "cursos/encabezado-invalido/01-modulo/evaluacion.md:7: cooldown «10 minutos» no se entiende: escriba un número y una unidad, s, m, h o d (30s, 10m, 2h, 1d)",
            "cursos/encabezado-invalido/01-modulo/evaluacion.md:8: review «siempre» no existe: use always, after_pass o never",
            "cursos/grupos-incompletos/01-modulo/evaluacion.md:7: la pregunta «¿Cuánto es dos más dos?» no tiene group:, y draw reparte por grupos: agregue una línea group: con uno de a",
            "cursos/grupos-incompletos/01-modulo/evaluacion.md:13: el grupo «b» de la pregunta «¿Cuánto es tres más tres?» no está en draw: agréguelo a draw o use uno de a",
            "cursos/leccion-desconocida/01-modulo/evaluacion.md:7: la lección «no-existe» no existe en este curso: escriba el id de una lección (o el nombre de su archivo sin .md)",
            "cursos/media-peligrosa/media/dibujo.svg:2: el SVG tiene un <script>: quítelo, las imágenes no pueden ejecutar código",
            "cursos/media-peligrosa/media/dibujo.svg:1: el SVG tiene un atributo de evento (on…=): quítelo, las imágenes no pueden ejecutar código",
            "cursos/media-peligrosa/media/dibujo.svg:3: el SVG tiene un <foreignObject>: quítelo, las imágenes no pueden llevar HTML dentro",
            "cursos/media-peligrosa/media/dibujo.svg:4: el SVG hace referencia a «https://example.org/rastreo.png», fuera del archivo: use solo referencias internas (#id) e incruste lo que necesite",
            "cursos/media-peligrosa/media/dibujo.svg:5: el SVG hace referencia a «https://example.org/x.svg#a», fuera del archivo: use solo referencias internas (#id) e incruste lo que necesite",
            "cursos/media-peligrosa/media/notas.txt:1: la carpeta media solo admite imágenes (png, jpg, jpeg, gif, webp o svg): mueva o quite este archivo",
            "cursos/numero-con-coma/01-modulo/evaluacion.md:8: el número «2,5» no se entiende: en el archivo escriba el decimal con punto, sin separador de miles (= 1000.5, = 3 ± 0.1 o = 2.9..3.1)",
            "cursos/opciones-y-escrita/01-modulo/evaluacion.md:11: la pregunta «¿Cuánto es dos más dos?» tiene opciones y líneas «= …»: use opciones o respuesta escrita, no ambas",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Empty(result.Courses);
        Assert.Equal(7, result.RefusedCourses.Count);
    }
}
