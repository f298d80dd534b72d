package dev.flotilla.placement;

/** A binary min-heap of small int ids ordered by a caller-supplied relation, without boxing. */
final class IntHeap {
  /** The heap order: true when {@code a} must come out before {@code b}. */
  interface Order {
    boolean before(int a, int b);
  }

  private final Order order;
  private final int[] heap;
  private final int[] position;
  private int size;

  IntHeap(int maxId, Order order) {
    this.order = order;
    this.heap = new int[maxId];
    this.position = new int[maxId];
    java.util.Arrays.fill(position, -1);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  int peek() {
    return heap[0];
  }

  /** The id at a heap slot (slot 0 is the top; children of slot s are 2s+1 and 2s+2). */
  int at(int slot) {
    return heap[slot];
  }

  void add(int id) {
    heap[size] = id;
    position[id] = size;
    size++;
    siftUp(size - 1);
  }

  /**
   * Adds ids that are not in the heap, all at once: they are appended and the heap order is then restored bottom
   * up, which takes linear time instead of one sift per id. The order is a strict total order in every use, so
   * the ids still come out in the same sequence as if added one by one.
   */
  void addAll(int[] ids, int count) {
    for (int i = 0; i < count; i++) {
      heap[size] = ids[i];
      position[ids[i]] = size;
      size++;
    }
    for (int slot = size / 2 - 1; slot >= 0; slot--) {
      siftDown(slot);
    }
  }

  int poll() {
    int top = heap[0];
    size--;
    position[top] = -1;
    if (size > 0) {
      heap[0] = heap[size];
      position[heap[0]] = 0;
      siftDown(0);
    }
    return top;
  }

  private void siftUp(int slot) {
    int id = heap[slot];
    while (slot > 0) {
      int parent = (slot - 1) >>> 1;
      if (!order.before(id, heap[parent])) {
        break;
      }
      heap[slot] = heap[parent];
      position[heap[slot]] = slot;
      slot = parent;
    }
    heap[slot] = id;
    position[id] = slot;
  }

  private void siftDown(int slot) {
    int id = heap[slot];
    while (true) {
      int child = 2 * slot + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && order.before(heap[child + 1], heap[child])) {
        child++;
      }
      if (!order.before(heap[child], id)) {
        break;
      }
      heap[slot] = heap[child];
      position[heap[slot]] = slot;
      slot = child;
    }
    heap[slot] = id;
    position[id] = slot;
  }
}
