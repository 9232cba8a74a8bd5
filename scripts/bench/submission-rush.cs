// A submission rush (issue 20, item 3): N signed-in learners enrolled in a course start an attempt of one of its
// quizzes; then all N submit at the same instant and the time each waited for its answer is recorded. Run by
// scripts/bench/submission-rush.sh, which starts the app, makes the learners and counts the attempts stored; standard
// library only.
//   dotnet run scripts/bench/submission-rush.cs -- setup BASE_URL N COURSE      registers and enrolls N learners (the app's forms)
//   dotnet run scripts/bench/submission-rush.cs -- signin BASE_URL N FROM CODE  learners FROM..N-1 sign in with a one-time code
//   dotnet run scripts/bench/submission-rush.cs -- wave BASE_URL N COURSE QUIZ_INDEX LABEL
// The learners' cookies are kept in $SCARI_RUSH_STATE (a folder) between the two steps.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

var (mode, baseUrl, count, course) = (args[0], args[1].TrimEnd('/'), int.Parse(args[2]), args[3]);
var state = Environment.GetEnvironmentVariable("SCARI_RUSH_STATE") ?? Path.Combine(Path.GetTempPath(), "scari-rush");
Directory.CreateDirectory(state);

if (mode == "setup")
{
    var sw = Stopwatch.StartNew();
    var failures = 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        var (client, cookies) = Client();
        var number = (1_048_000_000L + i).ToString();
        try
        {
            var page = await client.GetStringAsync("/cuenta/registro", ct);
            var dependencia = Regex.Match(page, """id="Input_DependenciaId"[\s\S]*?option value="(\d+)""").Groups[1].Value;
            using var registered = await client.PostAsync("/cuenta/registro", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token(page), ["Input.DocumentType"] = "CC", ["Input.DocumentNumber"] = number,
                ["Input.GivenNames"] = "Banca", ["Input.FamilyNames"] = "Rush", ["Input.Email"] = $"r{number}@scari.test",
                ["Input.DependenciaId"] = dependencia, ["Input.Vinculo"] = "Planta", ["Input.Cargo"] = "Profesional",
                ["Input.Password"] = "clave-larga-2026", ["Input.ConfirmPassword"] = "clave-larga-2026", ["Input.AcceptsPrivacyNotice"] = "true",
            }), ct);
            var coursePage = await client.GetStringAsync($"/cursos/{course}", ct);
            using var enrolled = await client.PostAsync($"/cursos/{course}/inscribirme",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(coursePage) }), ct);
            if (enrolled.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"inscripción: {(int)enrolled.StatusCode}");
            Save(i, cookies);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"aprendiz {i}: {ex.Message}");
        }
    });
    Console.WriteLine($"{count - failures} aprendices registrados e inscritos en {sw.Elapsed.TotalSeconds:F1} s");
    return failures == 0 ? 0 : 1;
}

if (mode == "signin")
{
    // The accounts were copied in SQL with the user name r{document}@scari.test and a sign-in code each (see the .sh).
    var (from, code) = (int.Parse(args[3]), args[4]);
    var sw = Stopwatch.StartNew();
    var failures = 0;
    await Parallel.ForEachAsync(Enumerable.Range(from, count - from), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        var (client, cookies) = Client();
        try
        {
            var page = await client.GetStringAsync("/cuenta/ingresar-con-codigo", ct);
            using var signedIn = await client.PostAsync("/cuenta/ingresar-con-codigo", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token(page), ["Document"] = $"r{1_048_000_000L + i}@scari.test", ["Code"] = code,
            }), ct);
            if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"ingreso con código: {(int)signedIn.StatusCode}");
            Save(i, cookies);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"aprendiz {i}: {ex.Message}");
        }
    });
    Console.WriteLine($"{count - from - failures} aprendices ingresaron con su código en {sw.Elapsed.TotalSeconds:F1} s");
    return failures == 0 ? 0 : 1;
}

// wave: every learner opens the quiz and starts an attempt (not timed), then all submit at once.
var quizIndex = int.Parse(args[4]);
var label = args[5];
var quizzes = await QuizzesAsync();
var quiz = quizzes[quizIndex % quizzes.Count]; // no attempt limit in the bench course: a later wave may take a quiz again
var ready = new (HttpClient Client, string Action, Dictionary<string, string> Form)[count];
await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    var (client, _) = Client(Load(i));
    var page = await client.GetStringAsync($"/cursos/{course}/{quiz}", ct);
    var start = FormAction(page, "Comenzar");
    using var started = await client.PostAsync(start, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page) }), ct);
    page = await client.GetStringAsync($"/cursos/{course}/{quiz}", ct);
    var form = new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = Token(page),
        ["intento"] = Regex.Match(page, """name="intento" value="(\d+)""").Groups[1].Value,
    };
    foreach (Match m in Regex.Matches(page, """name="(Answers\[\d+\])" value="(\d+)"""))
        form.TryAdd(m.Groups[1].Value, m.Groups[2].Value); // the first option shown of each question
    ready[i] = (client, FormAction(page, "Responder"), form);
});

var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var times = new ConcurrentBag<double>();
var statuses = new ConcurrentDictionary<int, int>();
var clock = Stopwatch.StartNew();
var tasks = ready.Select(async r =>
{
    await go.Task;
    var t0 = clock.Elapsed;
    try
    {
        using var response = await r.Client.PostAsync(r.Action, new FormUrlEncodedContent(r.Form));
        var graded = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/intentos/") == true;
        statuses.AddOrUpdate(graded ? 302 : (int)response.StatusCode, 1, (_, n) => n + 1);
    }
    catch (Exception)
    {
        statuses.AddOrUpdate(-1, 1, (_, n) => n + 1);
    }
    times.Add((clock.Elapsed - t0).TotalMilliseconds);
}).ToList();
// The app's CPU time, threads and database connections around the timed part only ($SCARI_RUSH_APP_PID, read from
// /proc, and $SCARI_RUSH_CONNECTIONS, a command that prints the app's connections: no profiler needed).
var appPid = Environment.GetEnvironmentVariable("SCARI_RUSH_APP_PID");
var (cpu0, threads0) = AppState();
var connections0 = Connections();
var wall = Stopwatch.StartNew();
go.SetResult();
await Task.WhenAll(tasks);
var (cpu1, threads1) = AppState();
var connections1 = Connections();
var sorted = times.Order().ToArray();
double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
Console.WriteLine($"{label}: {count} envíos de «{quiz}» a la vez: p50 {P(0.50):F0} ms, p99 {P(0.99):F0} ms, máximo {sorted[^1]:F0} ms, "
    + $"todos respondidos en {wall.Elapsed.TotalSeconds:F2} s; respuestas: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 302 ? "calificados" : s.Key == -1 ? "error de red" : s.Key.ToString())} {s.Value}"))}");
if (appPid is not null)
    Console.WriteLine($"   CPU de la app durante los envíos: {cpu1 - cpu0:F0} ms ({(cpu1 - cpu0) / count:F2} ms por envío); hilos de la app: {threads0} antes, {threads1} después; "
        + $"conexiones a PostgreSQL: {connections0} antes, {connections1} después");
return statuses.Keys.All(k => k == 302) ? 0 : 1;

(double CpuMs, int Threads) AppState()
{
    if (appPid is null) return (0, 0);
    // /proc/PID/stat fields 14 and 15 (user and system time, in clock ticks of 1/100 s on Linux) after the command name.
    var stat = File.ReadAllText($"/proc/{appPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
    var threads = File.ReadLines($"/proc/{appPid}/status").First(l => l.StartsWith("Threads:")).Split('\t')[^1].Trim();
    return (ticks * 10.0, int.Parse(threads));
}

static string Connections()
{
    if (Environment.GetEnvironmentVariable("SCARI_RUSH_CONNECTIONS") is not { } command) return "?";
    using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return output;
}

async Task<List<string>> QuizzesAsync()
{
    var (client, _) = Client(Load(0));
    var page = await client.GetStringAsync($"/cursos/{course}");
    return Regex.Matches(page, $"""href="/cursos/{Regex.Escape(course)}/([a-z0-9-]*evaluacion[a-z0-9-]*)""").Select(m => m.Groups[1].Value).Distinct().ToList();
}

(HttpClient, CookieContainer) Client(CookieContainer? cookies = null)
{
    cookies ??= new CookieContainer();
    var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    return (new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) }, cookies);
}

static string Token(string page) =>
    Regex.Match(page, """name="__RequestVerificationToken" type="hidden" value="([^"]+)""").Groups[1].Value is { Length: > 0 } t
        ? t : throw new InvalidOperationException("la página no tiene token antifalsificación");

static string FormAction(string page, string handler) =>
    Regex.Match(page, $"""action="([^"]*handler={handler}[^"]*)""").Groups[1].Value is { Length: > 0 } a
        ? WebUtility.HtmlDecode(a) : throw new InvalidOperationException($"la página no tiene el formulario {handler}");

void Save(int i, CookieContainer cookies) =>
    File.WriteAllLines(Path.Combine(state, $"{i}.txt"), cookies.GetAllCookies().Select(c => $"{c.Name}\t{c.Value}\t{c.Path}"));

CookieContainer Load(int i)
{
    var cookies = new CookieContainer();
    var host = new Uri(baseUrl);
    foreach (var line in File.ReadAllLines(Path.Combine(state, $"{i}.txt")))
    {
        var p = line.Split('\t');
        cookies.Add(host, new Cookie(p[0], p[1], p[2]));
    }
    return cookies;
}
