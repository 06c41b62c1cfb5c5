namespace GitIntegration.Actors;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key (Orleans' IGrainWithStringKey).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Hands out grain references; the same proxy shape in-process and across processes.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
