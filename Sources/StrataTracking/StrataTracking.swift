// The experiment record: Experiment, Trial, TrialComponent, Tracker, TrackingStore.
