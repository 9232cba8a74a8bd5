// The lesson search over a whole catalogue (issue 19, item 3): builds the index as a content load does, then times
// each query warm (after a few runs) and reports the median, the 99th percentile and the slowest run in milliseconds.
// Usage: dotnet run -c Release --project scripts/bench/Scari.Bench.Search -- [content folder] [runs per query]
using System.Diagnostics;
using System.Globalization;
using Scari.Web.Content;

var root = args.Length > 0 ? args[0] : "content";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var load = ContentLoader.Load(root, DateTime.UtcNow);
var lessons = load.Courses.Sum(c => c.Items.OfType<Lesson>().Count());

var clock = Stopwatch.StartNew();
var search = LessonSearch.Build(load.Courses);
var built = clock.Elapsed.TotalMilliseconds;
clock.Restart();
for (var i = 0; i < 5; i++) LessonSearch.Build(load.Courses);
var rebuilt = clock.Elapsed.TotalMilliseconds / 5;
Console.WriteLine($"catálogo: {load.Courses.Count} cursos, {lessons} lecciones, {search.SectionCount} secciones indexadas");
Console.WriteLine($"índice: primera construcción {built:F1} ms, siguientes {rebuilt:F1} ms (en frío y en caliente)");
Console.WriteLine($"carga: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} núcleos");

string[] queries =
[
    "phishing", "contraseña", "contrasena segura", "CONTRASEÑAS", "nube", "datos personales", "ley 1581",
    "inteligencia artificial generativa", "python", "sigob", "seguridad digital en la alcaldía", "correo",
    "a", "c", "s", "co", "de la que", "xyzzy", "gestión documental expediente electrónico archivo",
];
Console.WriteLine($"{"consulta",-52} {"aciertos",8} {"mediana",9} {"p99",9} {"máximo",9}  (ms, {runs} corridas tras 20 de calentamiento)");
var worst = 0.0;
foreach (var query in queries)
{
    for (var i = 0; i < 20; i++) search.Find(query);
    var times = new double[runs];
    var hits = 0;
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        hits = search.Find(query).Count;
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    var (median, p99, max) = (times[runs / 2], times[(int)Math.Ceiling(runs * 0.99) - 1], times[^1]);
    worst = Math.Max(worst, p99);
    Console.WriteLine($"{"«" + query + "»",-52} {hits,8} {median,9:F3} {p99,9:F3} {max,9:F3}");
}
Console.WriteLine($"peor p99: {worst:F3} ms (objetivo: menos de 20 ms); carga al terminar: {File.ReadAllText("/proc/loadavg").Trim()}");
