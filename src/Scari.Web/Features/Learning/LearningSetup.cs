namespace Scari.Web.Features.Learning;

public static class LearningSetup
{
    public static IServiceCollection AddScariLearning(this IServiceCollection services)
    {
        services.AddSingleton<CourseOutlines>();
        services.AddScoped<CourseCompletion>();
        services.AddScoped<LearnerProgress>();
        services.AddScoped<TakeQuiz>();
        services.AddScoped<PythonPractice>();
        services.AddSingleton(sp => new QuizRandom(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScariOptions>>().Value.QuizRandomSeed));
        return services;
    }
}
