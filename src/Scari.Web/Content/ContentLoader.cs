using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Scari.Web.Features.People;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Content;

// Over 300 lines on purpose: the loader is one pass over content/ that reports every problem with its file and line;
// splitting it by file kind would spread one set of error messages and one order of checks over several files.
// The pieces that stand alone already live apart (FrontMatter, QuizReader, ActivityBlocks, SvgCheck, QuizQuality).

/// <summary>What one pass over content/ produced: the valid courses and every problem found.</summary>
public sealed record ContentLoadResult(
    ScariSettings Settings,
    bool SettingsValid,
    IReadOnlyList<Course> Courses,
    IReadOnlyList<ContentProblem> Problems,
    IReadOnlyList<string> RefusedCourses,
    IReadOnlyList<ContentProblem> Warnings)
{
    public string Summary()
    {
        var modules = Courses.Sum(c => c.Modules.Count);
        var lessons = Courses.Sum(c => c.Lessons.Count());
        var quizzes = Courses.Sum(c => c.Quizzes.Count());
        var questions = Courses.Sum(c => c.Quizzes.Sum(q => q.Questions.Count));
        return $"{Courses.Count} cursos, {modules} módulos, {lessons} lecciones, {quizzes} evaluaciones, {questions} preguntas";
    }
}

/// <summary>
/// Reads content/ (scari.yaml and cursos/) into the course model and checks it. Pure: no database, so
/// <c>content check</c> uses it as is; <see cref="CourseCatalog"/> adds storage and last-good fallback.
/// </summary>
public static partial class ContentLoader
{
    private const string QuizFile = "evaluacion.md";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^(\d+)-(.+)$")]
    private static partial Regex PrefixPattern();

    /// <param name="reuse">Returns an already loaded course for (folder name, content hash), so an unchanged course is not parsed again.</param>
    /// <param name="lastGoodSettings">Used for the indicator checks when scari.yaml itself has problems.</param>
    public static ContentLoadResult Load(string contentRoot, DateTime nowUtc,
        Func<string, string, Course?>? reuse = null, ScariSettings? lastGoodSettings = null)
    {
        var problems = new List<ContentProblem>();
        var root = Path.GetFullPath(contentRoot).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(root))
        {
            problems.Add(new(contentRoot, 1, "la carpeta de contenido no existe: indique la ruta de la carpeta que tiene scari.yaml y cursos/"));
            return new(lastGoodSettings ?? ScariSettings.Empty, false, [], problems, [], []);
        }

        var settingsProblems = new List<ContentProblem>();
        var (settings, indicatorLines) = SettingsReader.Read(root, settingsProblems);
        var checkSettings = settingsProblems.Count > 0 && lastGoodSettings is not null ? lastGoodSettings : settings;

        var courses = new List<Course>();
        var warnings = new List<ContentProblem>();
        var refused = new List<string>();
        var seenIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var allCourseIds = new HashSet<string>(StringComparer.Ordinal);
        var cursos = Path.Combine(root, "cursos");
        if (!Directory.Exists(cursos))
            problems.Add(new("cursos", 1, "falta la carpeta cursos/ con una subcarpeta por curso"));
        else
        {
            foreach (var folder in Directory.GetDirectories(cursos).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                var courseProblems = new List<ContentProblem>();
                var hash = HashFolder(folder);
                var reused = reuse?.Invoke(name, hash);
                var course = reused ?? new CourseReader(root, folder, hash, nowUtc, courseProblems, warnings).Read();
                if (reused is not null) warnings.AddRange(reused.Warnings);
                var id = course?.Id ?? name;
                allCourseIds.Add(id);
                if (course is not null)
                {
                    CheckAgainstSettings(course, checkSettings, courseProblems);
                    if (settingsProblems.Count == 0) CheckOneIndicator(course, settings, indicatorLines, courseProblems);
                    if (seenIds.TryGetValue(course.Id, out var other))
                        courseProblems.Add(new(Rel(root, Path.Combine(folder, "curso.md")), course.IdLine,
                            $"el curso «{course.Id}» ya existe en {other}: cada curso necesita un id único"));
                    else seenIds[course.Id] = Rel(root, Path.Combine(folder, "curso.md"));
                }
                if (courseProblems.Count > 0 || course is null) { refused.Add(id); problems.AddRange(courseProblems); }
                else courses.Add(course);
            }
        }

        foreach (var indicator in settings.Indicators)
            foreach (var courseId in indicator.CourseIds.Where(c => !allCourseIds.Contains(c)))
                settingsProblems.Add(new("scari.yaml", indicatorLines.GetValueOrDefault((indicator.Id, courseId), 1),
                    $"el indicador «{indicator.Id}» cuenta el curso «{courseId}», que no existe en cursos/"));

        problems.InsertRange(0, settingsProblems);
        courses.Sort((a, b) => string.Compare(a.Title, b.Title, CultureInfo.GetCultureInfo("es-CO"), CompareOptions.IgnoreCase));
        return new(settings, settingsProblems.Count == 0, courses, problems, refused, warnings);
    }

    private static void CheckAgainstSettings(Course course, ScariSettings settings, List<ContentProblem> problems)
    {
        var indicator = settings.FindIndicator(course.IndicatorId);
        var path = course.SourcePath;
        if (indicator is null)
        {
            var known = settings.Indicators.Count == 0 ? "defina los indicadores en scari.yaml" : "use " + string.Join(" o ", settings.Indicators.Select(i => i.Id));
            problems.Add(new(path, course.IndicatorLine, $"el indicador «{course.IndicatorId}» no existe en scari.yaml: {known}"));
        }
        else if (course.Audience is { } audience && audience != indicator.Audience)
            problems.Add(new(path, course.IndicatorLine,
                $"el curso es para «{AudienceText(audience)}» pero el indicador «{indicator.Id}» cuenta «{AudienceText(indicator.Audience)}»: elija un indicador del mismo público"));
    }

    /// <summary>
    /// A course's indicator is written twice, in its curso.md (what the course page and the certificate show) and in
    /// the <c>courses:</c> of scari.yaml (what the counter reads): both must say the same, or the course is refused.
    /// </summary>
    private static void CheckOneIndicator(Course course, ScariSettings settings, Dictionary<(string Indicator, string Course), int> lines, List<ContentProblem> problems)
    {
        if (settings.FindIndicator(course.IndicatorId) is { } declared && !declared.CourseIds.Contains(course.Id))
            problems.Add(new(course.SourcePath, course.IndicatorLine,
                $"el curso dice «indicator: {declared.Id}» pero scari.yaml no lo cuenta en ese indicador: agregue «{course.Id}» a los «courses» de «{declared.Id}» en scari.yaml o corrija el indicador del curso"));
        foreach (var other in settings.Indicators.Where(i => i.Id != course.IndicatorId && i.CourseIds.Contains(course.Id)))
            problems.Add(new("scari.yaml", lines.GetValueOrDefault((other.Id, course.Id), 1),
                $"el indicador «{other.Id}» cuenta el curso «{course.Id}», pero su curso.md ({course.SourcePath}:{course.IndicatorLine}) dice «indicator: {course.IndicatorId}»: un curso cuenta para un solo indicador, el mismo en los dos archivos"));
    }

    internal static string AudienceText(Audience audience) => audience == Audience.Staff ? "staff" : "student";

    /// <summary><c>valid_for</c>: how long a certificate of the course stays valid, in years (<c>2y</c>) or months (<c>18m</c>).</summary>
    private static ValidityPeriod? ReadValidFor(FrontMatter front)
    {
        var text = front.String("valid_for", required: false);
        if (text is null) return null;
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), "^([1-9][0-9]?)([ym])$");
        if (!match.Success)
        {
            front.Problem(front.LineOf("valid_for"), $"valid_for «{text}» no es válido: escriba años o meses, p. ej. 2y (dos años) o 18m (dieciocho meses)");
            return null;
        }
        var n = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "y" ? new ValidityPeriod(n, 0) : new ValidityPeriod(0, n);
    }

    internal static bool IsSlug(string value) => value.Length <= 80 && SlugPattern().IsMatch(value);

    internal static (int? Number, string Name) SplitPrefix(string name)
    {
        var m = PrefixPattern().Match(name);
        return m.Success && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var n) ? (n, m.Groups[2].Value) : (null, name);
    }

    internal static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>SHA-256 over every file of the course (relative path and bytes), in path order.</summary>
    internal static string HashFolder(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Rel: Rel(folder, f), Full: f))
            .OrderBy(f => f.Rel, StringComparer.Ordinal);
        foreach (var (rel, full) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(rel + "\0"));
            hash.AppendData(File.ReadAllBytes(full));
            hash.AppendData("\0"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// <c>reminders</c> in curso.md: <c>not_started_days</c>, <c>stalled_days</c>, <c>closing_days</c> (each optional, 1 to 365).
    /// </summary>
    internal static Features.Reminders.ReminderRules? ReadReminders(FrontMatter front)
    {
        var map = front.Map("reminders", required: false);
        if (map is null) return null;
        int? notStarted = null, stalled = null, closing = null;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "";
            var text = (valueNode as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
            int? days = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 365 ? d : null;
            if (key is not ("not_started_days" or "stalled_days" or "closing_days"))
            {
                front.Problem(front.Line(keyNode), $"«reminders» no admite «{key}»: use not_started_days, stalled_days o closing_days");
                continue;
            }
            if (days is null)
            {
                front.Problem(front.Line(valueNode), $"«reminders.{key}» debe ser un número entero de días entre 1 y 365, no «{text}»");
                continue;
            }
            if (key == "not_started_days") notStarted = days;
            else if (key == "stalled_days") stalled = days;
            else closing = days;
        }
        return new(notStarted, stalled, closing);
    }

    /// <summary>Reads one course folder; adds its problems; returns null when curso.md is unusable.</summary>
    private sealed class CourseReader(string root, string folder, string hash, DateTime nowUtc, List<ContentProblem> problems,
        List<ContentProblem> allWarnings)
    {
        private readonly List<ContentProblem> warnings = [];

        private sealed record ItemSource(string Full, string Rel, FrontMatter Front, bool IsQuiz, string Id, Module Module);

        public Course? Read()
        {
            var folderName = Path.GetFileName(folder);
            var coursePath = Path.Combine(folder, "curso.md");
            var courseRel = Rel(root, coursePath);
            if (!File.Exists(coursePath))
            {
                problems.Add(new(courseRel, 1, "falta el archivo curso.md con el encabezado del curso (id, title, summary, audience, hours, indicator, pass, version)"));
                return null;
            }
            var front = FrontMatter.Read(courseRel, File.ReadAllText(coursePath), problems);
            if (front is null) return null;

            var id = front.String("id", required: true);
            if (id is not null && !IsSlug(id))
            {
                front.Problem(front.LineOf("id"), $"el id «{id}» no es válido: use minúsculas sin tildes, números y guiones (p. ej. seguridad-digital)");
                id = null;
            }
            else if (id is not null && id != folderName)
                front.Problem(front.LineOf("id"), $"el id «{id}» no coincide con el nombre de la carpeta «{folderName}»: renombre la carpeta o corrija el id");
            var courseId = id ?? folderName;
            var title = front.String("title", required: true);
            var summary = front.String("summary", required: true);
            var audience = ReadAudience(front);
            var hours = front.Int("hours", required: true, 1, 1000, "de horas entre 1 y 1000");
            var indicator = front.String("indicator", required: true);
            var pass = front.Int("pass", required: true, 0, 100, "entre 0 y 100");
            var version = front.String("version", required: true);
            var validFor = ReadValidFor(front);
            var prerequisites = ReadList(front, "prerequisites");
            var survey = SurveyReader.Read(front, "survey", Features.Surveys.SurveyKind.Reaccion);
            var impactSurvey = SurveyReader.Read(front, "impact_survey", Features.Surveys.SurveyKind.Impacto);
            var reminders = ReadReminders(front);

            // Pass 1: modules and the front matter of every item, so that links between lessons can be resolved.
            var modules = new List<(Module Module, List<ItemSource> Items)>();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var moduleFolder in Directory.GetDirectories(folder)
                .OrderBy(f => SplitPrefix(Path.GetFileName(f)).Number ?? int.MaxValue).ThenBy(f => f, StringComparer.Ordinal))
            {
                var moduleName = Path.GetFileName(moduleFolder);
                if (moduleName == "media") continue;
                var (number, moduleId) = SplitPrefix(moduleName);
                var moduleRel = Rel(root, moduleFolder);
                if (number is null)
                {
                    problems.Add(new(moduleRel, 1, $"la carpeta «{moduleName}» no es un módulo: los módulos llevan un prefijo numérico (01-, 02-…) y las imágenes van en media/"));
                    continue;
                }
                var module = ReadModule(moduleFolder, moduleId);
                if (module is null) continue;
                modules.Add((module, ReadItemSources(moduleFolder, module, ids)));
            }
            if (modules.Count == 0 && problems.Count == 0)
                problems.Add(new(courseRel, 1, "el curso no tiene módulos: cree carpetas 01-…, 02-… con sus lecciones"));

            var pageUrls = new Dictionary<string, string>(StringComparer.Ordinal) { [coursePath] = $"/cursos/{courseId}" };
            foreach (var source in modules.SelectMany(m => m.Items)) pageUrls[source.Full] = $"/cursos/{courseId}/{source.Id}";
            var links = new LinkResolver(courseId, folder, pageUrls);
            var lessonIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in modules.SelectMany(m => m.Items).Where(s => !s.IsQuiz))
            {
                lessonIds[source.Id] = source.Id;
                lessonIds.TryAdd(Path.GetFileNameWithoutExtension(source.Full), source.Id);
            }
            CheckMedia(Path.Combine(folder, "media"));

            // Pass 2: render every body once.
            var overview = MarkdownRendering.Parse(front.Body);
            links.Resolve(overview, coursePath, courseRel, front.BodyFirstLine, problems);
            var items = new List<CourseItem>();
            foreach (var (module, sources) in modules)
            {
                var moduleItems = new List<CourseItem>();
                foreach (var source in sources)
                    if ((source.IsQuiz ? (CourseItem?)ReadQuiz(source, links, pass ?? 0, lessonIds) : ReadLesson(source, links)) is { } item)
                        moduleItems.Add(item);
                module.Items = moduleItems;
                items.AddRange(moduleItems);
            }

            var studyMinutes = items.OfType<Lesson>().Sum(l => l.Minutes + l.ActivityMinutes) + items.OfType<Quiz>().Sum(q => q.Minutes ?? 0);
            if (hours is not null && hours.Value * 60 * 2 > studyMinutes * 3)
                warnings.Add(new(courseRel, front.LineOf("hours"),
                    $"el curso certifica {hours} horas, más de 1,5 veces su tiempo de estudio ({CourseTime(studyMinutes)} entre lecciones, actividades y evaluaciones; " +
                    $"máximo {studyMinutes * 3 / 120} horas): baje hours o declare el tiempo de las evaluaciones y actividades"));
            allWarnings.AddRange(warnings);

            if (title is null || summary is null || hours is null || indicator is null || pass is null || version is null || audience is null)
                return null;
            return new Course
            {
                Warnings = warnings,
                Id = courseId,
                Title = title,
                Summary = summary,
                Audience = audience.Value.Both ? null : audience.Value.Single,
                Hours = hours.Value,
                IndicatorId = indicator,
                PassScore = pass.Value,
                Version = version,
                ContentHash = hash,
                OverviewHtml = MarkdownRendering.Render(overview),
                Prerequisites = prerequisites,
                Reminders = reminders,
                ValidFor = validFor,
                Survey = survey ?? SurveyReader.Default(audience.Value.Both ? null : audience.Value.Single),
                ImpactSurvey = impactSurvey,
                Modules = modules.Select(m => m.Module).ToList(),
                Items = items,
                LoadedUtc = nowUtc,
                FolderPath = folder,
                SourcePath = courseRel,
                IdLine = front.LineOf("id"),
                IndicatorLine = front.LineOf("indicator"),
            };
        }

        private static string CourseTime(int minutes) => Features.Courses.CourseTexts.Minutes(minutes);

        private static (bool Both, Audience Single)? ReadAudience(FrontMatter front)
        {
            var text = front.String("audience", required: true);
            switch (text)
            {
                case null: return null;
                case "both": return (true, default);
                case "staff": return (false, Audience.Staff);
                case "student": return (false, Audience.Student);
                default:
                    front.Problem(front.LineOf("audience"), $"el público «{text}» no existe: use staff, student o both");
                    return null;
            }
        }

        private static List<string> ReadList(FrontMatter front, string key) => front.Node(key) switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? "").Where(v => v.Length > 0).ToList(),
            YamlScalarNode { Value: { Length: > 0 } v } => [v],
            _ => [],
        };

        private Module? ReadModule(string moduleFolder, string moduleId)
        {
            var path = Path.Combine(moduleFolder, "modulo.md");
            var rel = Rel(root, path);
            if (!File.Exists(path))
            {
                problems.Add(new(rel, 1, "falta el archivo modulo.md con el título del módulo (title y, si quiere, summary)"));
                return null;
            }
            var front = FrontMatter.Read(rel, File.ReadAllText(path), problems);
            if (front is null) return null;
            var title = front.String("title", required: true);
            var summary = front.String("summary", required: false);
            return title is null ? null : new Module { Id = moduleId, Title = title, Summary = summary };
        }

        private List<ItemSource> ReadItemSources(string moduleFolder, Module module, Dictionary<string, string> ids)
        {
            var sources = new List<(int Order, string Name, ItemSource Source)>();
            foreach (var file in Directory.GetFiles(moduleFolder, "*.md").Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(file);
                if (fileName == "modulo.md") continue;
                var rel = Rel(root, file);
                var front = FrontMatter.Read(rel, File.ReadAllText(file), problems);
                if (front is null) continue;
                var type = front.String("type", required: false);
                if (type is not null and not "quiz" and not "lesson")
                    front.Problem(front.LineOf("type"), $"el tipo «{type}» no existe: escriba type: quiz para una evaluación o quite el campo para una lección");
                var isQuiz = type == "quiz";
                var (number, baseName) = SplitPrefix(Path.GetFileNameWithoutExtension(fileName));
                if (number is null && !isQuiz)
                {
                    front.Problem(1, $"la lección «{fileName}» no tiene prefijo numérico: nómbrela 01-…, 02-… para fijar su orden");
                    continue;
                }
                var id = front.String("id", required: false) ?? (isQuiz ? $"{module.Id}-evaluacion" : baseName);
                var idLine = front.Has("id") ? front.LineOf("id") : 1;
                if (!IsSlug(id))
                {
                    front.Problem(idLine, $"el id «{id}» no es válido: use minúsculas sin tildes, números y guiones");
                    continue;
                }
                if (id == "media")
                {
                    front.Problem(idLine, "el id «media» está reservado para las imágenes del curso: elija otro");
                    continue;
                }
                if (ids.TryGetValue(id, out var other))
                {
                    front.Problem(idLine, $"el id «{id}» ya lo usa {other}: cada lección y evaluación necesita un id único en el curso");
                    continue;
                }
                ids[id] = rel;
                sources.Add((number ?? int.MaxValue, fileName, new ItemSource(file, rel, front, isQuiz, id, module)));
            }
            if (!sources.Any(s => !s.Source.IsQuiz))
                problems.Add(new(Rel(root, Path.Combine(moduleFolder, "modulo.md")), 1,
                    "el módulo no tiene lecciones: agregue al menos un archivo 01-….md o elimine la carpeta"));
            return sources.OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Source).ToList();
        }

        private Lesson? ReadLesson(ItemSource source, LinkResolver links)
        {
            var front = source.Front;
            var title = front.String("title", required: true);
            var minutes = front.Int("minutes", required: true, 1, 600, "de minutos entre 1 y 600");
            if (string.IsNullOrWhiteSpace(front.Body))
                problems.Add(new(source.Rel, front.BodyFirstLine, "la lección está vacía: escriba su contenido debajo del encabezado"));
            var document = MarkdownRendering.Parse(front.Body);
            var (runnable, exercises) = PythonBlocks.Prepare(document, source.Rel, front.BodyFirstLine, problems);
            links.Resolve(document, source.Full, source.Rel, front.BodyFirstLine, problems);
            var (html, activities) = ActivityBlocks.Render(document, source.Full, source.Rel, front.BodyFirstLine, links, problems);
            if (title is null || minutes is null) return null;
            return new Lesson
            {
                Id = source.Id,
                Title = title,
                Module = source.Module,
                SourcePath = source.Rel,
                Minutes = minutes.Value,
                Html = html,
                Activities = activities,
                HasRunnableCode = runnable,
                Exercises = exercises,
            };
        }

        private Quiz? ReadQuiz(ItemSource source, LinkResolver links, int coursePass, Dictionary<string, string> lessonIds)
        {
            var front = source.Front;
            var before = problems.Count;
            var title = front.String("title", required: true);
            var pass = front.Has("pass") ? front.Int("pass", required: true, 0, 100, "entre 0 y 100") : coursePass;
            var maxAttempts = front.Has("max_attempts") ? front.Int("max_attempts", required: true, 1, 100, "de intentos entre 1 y 100") : null;
            var minutes = front.Has("minutes") ? front.Int("minutes", required: true, 1, 600, "de minutos entre 1 y 600") : null;
            if (!front.Has("minutes"))
                warnings.Add(new(source.Rel, 1, "la evaluación no declara minutes: escriba cuántos minutos toma responderla (cuentan en las horas del curso)"));
            var (draw, drawByGroup) = ReadDraw(front);
            var shuffle = ReadBool(front, "shuffle_questions");
            var cooldown = ReadCooldown(front);
            var review = ReadReview(front);
            var document = MarkdownRendering.Parse(front.Body);
            links.Resolve(document, source.Full, source.Rel, front.BodyFirstLine, problems);
            var (intro, questions) = QuizReader.Read(document, front.Body, source.Rel, front.BodyFirstLine, problems,
                value => lessonIds.GetValueOrDefault(value));
            if (drawByGroup is not null)
                foreach (var q in questions)
                    if (q.Group is null || !drawByGroup.ContainsKey(q.Group))
                        problems.Add(new(source.Rel, q.Line, q.Group is null
                            ? $"la pregunta «{QuizReader.Short(q.PlainPrompt)}» no tiene group:, y draw reparte por grupos: agregue una línea group: con uno de {string.Join(", ", drawByGroup.Keys)}"
                            : $"el grupo «{q.Group}» de la pregunta «{QuizReader.Short(q.PlainPrompt)}» no está en draw: agréguelo a draw o use uno de {string.Join(", ", drawByGroup.Keys)}"));
            if (problems.Count > before || title is null || pass is null) return null;
            var quiz = new Quiz
            {
                Id = source.Id,
                Title = title,
                Module = source.Module,
                SourcePath = source.Rel,
                PassScore = pass.Value,
                MaxAttempts = maxAttempts,
                Minutes = minutes,
                Draw = draw,
                DrawByGroup = drawByGroup,
                ShuffleQuestions = shuffle,
                Cooldown = cooldown,
                Review = review,
                IntroHtml = intro,
                Questions = questions,
            };
            QuizQuality.Check(quiz, 1, front.LineOf("draw"), warnings);
            return quiz;
        }

        private static (int? Draw, IReadOnlyDictionary<string, int>? ByGroup) ReadDraw(FrontMatter front)
        {
            switch (front.Node("draw"))
            {
                case null:
                    return (null, null);
                case YamlMappingNode map:
                    var groups = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var (key, value) in map.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value ?? "";
                        if (!IsSlug(name)) { front.Problem(front.Line(key), $"el grupo «{name}» de draw no es válido: use minúsculas sin tildes, números y guiones"); continue; }
                        if (value is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
                            groups[name] = n;
                        else front.Problem(front.Line(value), $"draw del grupo «{name}» debe ser un número entero mayor que cero");
                    }
                    if (groups.Count == 0) { front.Problem(front.LineOf("draw"), "draw por grupos necesita al menos un grupo, p. ej. draw: {calculo: 2, conceptos: 4}"); return (null, null); }
                    return (groups.Values.Sum(), groups);
                default:
                    return (front.Int("draw", required: true, 1, 1000, "mayor que cero, o grupos como {calculo: 2, conceptos: 4}"), null);
            }
        }

        private static bool ReadBool(FrontMatter front, string key)
        {
            var text = front.String(key, required: false);
            switch (text)
            {
                case null or "false": return false;
                case "true": return true;
                default:
                    front.Problem(front.LineOf(key), $"el campo «{key}» debe ser true o false, no «{text}»");
                    return false;
            }
        }

        private static TimeSpan? ReadCooldown(FrontMatter front)
        {
            var text = front.String("cooldown", required: false);
            if (text is null) return null;
            var m = Regex.Match(text, @"^(\d{1,6})(s|m|h|d)$");
            if (!m.Success || int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == 0)
            {
                front.Problem(front.LineOf("cooldown"), $"cooldown «{text}» no se entiende: escriba un número y una unidad, s, m, h o d (30s, 10m, 2h, 1d)");
                return null;
            }
            var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
        }

        private static ReviewPolicy ReadReview(FrontMatter front)
        {
            var text = front.String("review", required: false);
            switch (text)
            {
                case null or "after_pass": return ReviewPolicy.AfterPass;
                case "always": return ReviewPolicy.Always;
                case "never": return ReviewPolicy.Never;
                default:
                    front.Problem(front.LineOf("review"), $"review «{text}» no existe: use always, after_pass o never");
                    return ReviewPolicy.AfterPass;
            }
        }

        private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"];

        /// <summary>media/ holds only images; an SVG must not run script or load anything from outside itself.</summary>
        private void CheckMedia(string media)
        {
            if (!Directory.Exists(media)) return;
            foreach (var file in Directory.GetFiles(media, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Rel(root, file);
                var extension = Path.GetExtension(file).ToLowerInvariant();
                if (!ImageExtensions.Contains(extension))
                    problems.Add(new(rel, 1, "la carpeta media solo admite imágenes (png, jpg, jpeg, gif, webp o svg): mueva o quite este archivo"));
                else if (extension == ".svg")
                    foreach (var (line, message) in SvgCheck.Problems(File.ReadAllText(file)))
                        problems.Add(new(rel, line, message));
            }
        }
    }
}
