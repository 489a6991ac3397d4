print("bench-transforms: no benchmarks yet")
