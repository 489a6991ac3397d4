print("bench-neighbors: no benchmarks yet")
