print("bench-clustering: no benchmarks yet")
